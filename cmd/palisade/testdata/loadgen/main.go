// loadgen is the runtime benchmark's workload, run inside a container:
// "exec N" runs /bin/true N times, "connect N" makes N loopback TCP
// connections to a listener of its own. It prints the seconds it took.
package main

import (
	"fmt"
	"net"
	"os"
	"os/exec"
	"strconv"
	"time"
)

func main() {
	if len(os.Args) != 3 {
		fmt.Fprintln(os.Stderr, "usage: loadgen exec|connect N")
		os.Exit(2)
	}
	n, err := strconv.Atoi(os.Args[2])
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	start := time.Now()
	switch os.Args[1] {
	case "exec":
		for i := 0; i < n; i++ {
			if err := exec.Command("/bin/true").Run(); err != nil {
				fmt.Fprintln(os.Stderr, err)
				os.Exit(1)
			}
		}
	case "connect":
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		go func() {
			for {
				c, err := ln.Accept()
				if err != nil {
					return
				}
				c.Close()
			}
		}()
		for i := 0; i < n; i++ {
			c, err := net.Dial("tcp", ln.Addr().String())
			if err != nil {
				fmt.Fprintln(os.Stderr, err)
				os.Exit(1)
			}
			c.Close()
		}
	default:
		fmt.Fprintln(os.Stderr, "usage: loadgen exec|connect N")
		os.Exit(2)
	}
	fmt.Println(time.Since(start).Seconds())
}
