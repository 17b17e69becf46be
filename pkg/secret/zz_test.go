package secret

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"testing"
)

func TestZZWalk(t *testing.T) {
	root := os.Getenv("ZZROOT")
	if root == "" {
		t.Skip()
	}
	s, _ := New(nil)
	counts := map[string]int{}
	var total, files, skipped int64
	st := cpuTime()
	filepath.WalkDir(filepath.Join(root, os.Getenv("ZZSUB")), func(p string, d fs.DirEntry, err error) error {
		if err != nil || !d.Type().IsRegular() {
			return nil
		}
		rel, _ := filepath.Rel(root, p)
		if !s.Wants(rel) {
			skipped++
			return nil
		}
		info, err := d.Info()
		if err != nil || info.Size() > MaxFileSize {
			return nil
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return nil
		}
		files++
		total += int64(len(data))
		for _, f := range s.Scan(rel, data) {
			counts[f.RuleID]++
			if counts[f.RuleID] <= 6 || os.Getenv("ZZALL") != "" {
				fmt.Printf("%-24s %s:%d %q\n", f.RuleID, rel, f.StartLine, f.Match)
			}
		}
		return nil
	})
	cpu := cpuTime() - st
	var ids []string
	for id := range counts {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	for _, id := range ids {
		fmt.Println(id, counts[id])
	}
	fmt.Printf("files %d skipped %d bytes %d cpu %v (%.0f MB/cpu-s incl. IO)\n", files, skipped, total, cpu, float64(total)/1e6/cpu.Seconds())
}
