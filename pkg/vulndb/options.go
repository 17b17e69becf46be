package vulndb

import (
	"io"
	"net/http"
	"time"
)

// Option configures Open, Update and NeedsUpdate. Options that do not apply to
// a call are ignored by it.
type Option func(*options)

type options struct {
	insecure    bool
	transport   http.RoundTripper
	progress    io.Writer
	maxSize     int64
	openTimeout time.Duration
	now         func() time.Time
}

const (
	defaultMaxSize     = 8 << 30
	defaultOpenTimeout = 2 * time.Second
)

func newOptions(opts []Option) options {
	o := options{
		maxSize:     defaultMaxSize,
		openTimeout: defaultOpenTimeout,
		now:         time.Now,
	}
	for _, opt := range opts {
		if opt != nil {
			opt(&o)
		}
	}
	return o
}

// WithInsecure lets Update fall back to plain HTTP and, unless WithTransport
// is also given, accept unverified TLS certificates, for private mirrors.
// Default: false.
func WithInsecure(insecure bool) Option {
	return func(o *options) { o.insecure = insecure }
}

// WithTransport sets the HTTP transport Update uses to reach the registry.
// Default: go-containerregistry's remote.DefaultTransport.
func WithTransport(rt http.RoundTripper) Option {
	return func(o *options) { o.transport = rt }
}

// WithProgress makes Update write human-readable download progress lines to
// w. Default: nil, which is silent.
func WithProgress(w io.Writer) Option {
	return func(o *options) { o.progress = w }
}

// WithMaxSize bounds both the compressed download and the extracted database
// of Update, in bytes, so a hostile or broken registry cannot fill the disk.
// Default: 8 GiB.
func WithMaxSize(n int64) Option {
	return func(o *options) {
		if n > 0 {
			o.maxSize = n
		}
	}
}

// WithOpenTimeout bounds how long Open and NeedsUpdate wait for the bbolt
// file lock held by a process writing the same file. Default: 2s.
func WithOpenTimeout(d time.Duration) Option {
	return func(o *options) {
		if d > 0 {
			o.openTimeout = d
		}
	}
}

// WithClock sets the clock Update uses for DownloadedAt. Default: time.Now.
func WithClock(now func() time.Time) Option {
	return func(o *options) {
		if now != nil {
			o.now = now
		}
	}
}
