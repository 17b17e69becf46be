//go:build !linux

package probe

// Probe is the running probe; on this system it cannot be opened.
type Probe struct{}

// Load returns ErrNotSupported: the probe needs Linux.
func Load(Options) (*Probe, error) { return nil, ErrNotSupported }

// Read never returns an event on this system.
func (p *Probe) Read() (Event, error) { return Event{}, ErrNotSupported }

// Stats is zero on this system.
func (p *Probe) Stats() Stats { return Stats{} }

// Close does nothing on this system.
func (p *Probe) Close() error { return nil }
