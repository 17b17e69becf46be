package vulndb

import (
	"context"
	"fmt"
	"time"
)

const lockPoll = 50 * time.Millisecond

// acquireLock takes the exclusive update lock at path, waiting until ctx is
// done. Polling a non-blocking attempt, rather than blocking in the kernel,
// keeps the wait cancellable on every OS.
func acquireLock(ctx context.Context, path string) (release func() error, err error) {
	for {
		unlock, ok, err := tryLock(path)
		if err != nil {
			return nil, fmt.Errorf("locking %s: %w", path, err)
		}
		if ok {
			return unlock, nil
		}
		t := time.NewTimer(lockPoll)
		select {
		case <-ctx.Done():
			t.Stop()
			return nil, fmt.Errorf("waiting for another update to finish (%s): %w", path, ctx.Err())
		case <-t.C:
		}
	}
}
