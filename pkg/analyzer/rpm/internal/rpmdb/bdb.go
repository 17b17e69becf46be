package rpmdb

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"
)

// Berkeley DB hash database layout, from libdb's src/dbinc/db_page.h. rpm
// before 4.16 kept its Packages file in this format: a hash table whose keys
// are package numbers and whose values, the headers, are too large for a
// hash page and live in chains of overflow pages.
const (
	bdbHashMagic = 0x061561

	bdbPageHeaderSize = 26
	bdbPageTypeOff    = 25
	bdbEntriesOff     = 20 // uint16: number of items on the page
	bdbHFOffsetOff    = 22 // uint16: on overflow pages, bytes used (OV_LEN)
	bdbNextPageOff    = 16 // uint32

	bdbPageHashUnsorted = 2 // hash pages written before libdb 4.6
	bdbPageOverflow     = 7
	bdbPageHashMeta     = 8
	bdbPageHash         = 13

	bdbItemOffPage  = 3 // H_OFFPAGE: the value lives in overflow pages
	bdbOffPageSize  = 12
	bdbMinPageSize  = 512
	bdbMaxPageSize  = 65536
	bdbMetaPageSize = 72
)

// ErrBDB is wrapped by errors for damaged or unsupported Berkeley DB files.
var ErrBDB = errors.New("invalid Berkeley DB")

// IsBDB reports whether content starts with a Berkeley DB hash metadata page
// in either byte order.
func IsBDB(content []byte) bool {
	if len(content) < bdbMetaPageSize {
		return false
	}
	return binary.LittleEndian.Uint32(content[12:]) == bdbHashMagic || binary.BigEndian.Uint32(content[12:]) == bdbHashMagic
}

// ReadBDB calls fn with every package header of a Berkeley DB Packages file.
// It walks the pages in order, as rpm's own readers do, and follows each
// off-page value's overflow chain. Each overflow page may belong to one
// chain only, which bounds the work by the file size and rules out loops.
func ReadBDB(ctx context.Context, content []byte, fn func([]byte) error) error {
	if !IsBDB(content) {
		return fmt.Errorf("%w: no hash metadata page", ErrBDB)
	}
	var order binary.ByteOrder = binary.LittleEndian
	if binary.LittleEndian.Uint32(content[12:]) != bdbHashMagic {
		order = binary.BigEndian
	}
	pageSize := order.Uint32(content[20:])
	if pageSize < bdbMinPageSize || pageSize > bdbMaxPageSize || pageSize&(pageSize-1) != 0 {
		return fmt.Errorf("%w: page size %d", ErrBDB, pageSize)
	}
	if content[24] != 0 {
		return fmt.Errorf("%w: encrypted database", ErrBDB)
	}
	if content[bdbPageTypeOff] != bdbPageHashMeta {
		return fmt.Errorf("%w: not a hash database (page type %d)", ErrBDB, content[bdbPageTypeOff])
	}
	lastPage := uint64(order.Uint32(content[32:]))
	ps := uint64(pageSize)
	if (lastPage+1)*ps > uint64(len(content)) {
		return fmt.Errorf("%w: truncated: last page %d of size %d beyond %d bytes", ErrBDB, lastPage, ps, len(content))
	}
	page := func(n uint64) []byte { return content[n*ps : (n+1)*ps] }
	used := make([]bool, lastPage+1)

	for n := uint64(1); n <= lastPage; n++ {
		if n%4096 == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		p := page(n)
		if t := p[bdbPageTypeOff]; t != bdbPageHash && t != bdbPageHashUnsorted {
			continue
		}
		entries := uint64(order.Uint16(p[bdbEntriesOff:]))
		if entries%2 != 0 || bdbPageHeaderSize+2*entries > ps {
			return fmt.Errorf("%w: page %d: %d entries", ErrBDB, n, entries)
		}
		// Items come in key/value pairs; the values are the odd ones.
		for i := uint64(1); i < entries; i += 2 {
			off := uint64(order.Uint16(p[bdbPageHeaderSize+2*i:]))
			if off >= ps {
				return fmt.Errorf("%w: page %d: item offset %d", ErrBDB, n, off)
			}
			// Small inline values are not headers: rpm keeps its next
			// package number there under key 0.
			if p[off] != bdbItemOffPage {
				continue
			}
			if off+bdbOffPageSize > ps {
				return fmt.Errorf("%w: page %d: item offset %d", ErrBDB, n, off)
			}
			first := uint64(order.Uint32(p[off+4:]))
			total := uint64(order.Uint32(p[off+8:]))
			blob, err := overflowChain(content, order, ps, lastPage, used, first, total)
			if err != nil {
				return fmt.Errorf("page %d item %d: %w", n, i, err)
			}
			if err := fn(blob); err != nil {
				return err
			}
		}
	}
	return nil
}

// overflowChain reassembles a value of total bytes stored in the chain of
// overflow pages starting at first.
func overflowChain(content []byte, order binary.ByteOrder, ps, lastPage uint64, used []bool, first, total uint64) ([]byte, error) {
	if total == 0 || total > uint64(len(content)) {
		return nil, fmt.Errorf("%w: value of %d bytes", ErrBDB, total)
	}
	blob := make([]byte, 0, total)
	for n := first; n != 0; {
		if n > lastPage || used[n] {
			return nil, fmt.Errorf("%w: overflow page %d out of range or already used", ErrBDB, n)
		}
		used[n] = true
		p := content[n*ps : (n+1)*ps]
		if p[bdbPageTypeOff] != bdbPageOverflow {
			return nil, fmt.Errorf("%w: page %d is not an overflow page", ErrBDB, n)
		}
		size := uint64(order.Uint16(p[bdbHFOffsetOff:]))
		if bdbPageHeaderSize+size > ps || uint64(len(blob))+size > total {
			return nil, fmt.Errorf("%w: overflow page %d holds %d bytes", ErrBDB, n, size)
		}
		blob = append(blob, p[bdbPageHeaderSize:bdbPageHeaderSize+size]...)
		n = uint64(order.Uint32(p[bdbNextPageOff:]))
	}
	if uint64(len(blob)) != total {
		return nil, fmt.Errorf("%w: value has %d of %d bytes", ErrBDB, len(blob), total)
	}
	return blob, nil
}
