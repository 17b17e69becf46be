package rpmdb

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"
)

// rpm's own "ndb" Packages.db layout (lib/backend/ndb/rpmpkg.c), used by
// SUSE: a header naming the number of 4 KiB slot pages, slots that point to
// blobs by 16-byte block offset, and blobs holding one package header each.
// All integers are little-endian.
const (
	ndbHeaderMagic = 'R' | 'p'<<8 | 'm'<<16 | 'P'<<24
	ndbSlotMagic   = 'S' | 'l'<<8 | 'o'<<16 | 't'<<24
	ndbBlobMagic   = 'B' | 'l'<<8 | 'b'<<16 | 'S'<<24

	ndbVersion       = 0
	ndbHeaderSize    = 32
	ndbSlotPageSize  = 4096
	ndbSlotSize      = 16
	ndbBlockSize     = 16
	ndbBlobHeadSize  = 16
	ndbMaxSlotPages  = 2048 // rpm refuses more, and so does go-rpmdb
	ndbSlotsPerPage  = ndbSlotPageSize / ndbSlotSize
	ndbHeaderInSlots = ndbHeaderSize / ndbSlotSize // the header takes the first slots
)

// ErrNDB is wrapped by errors for damaged or unsupported ndb files.
var ErrNDB = errors.New("invalid rpm ndb database")

// IsNDB reports whether content starts with an ndb header.
func IsNDB(content []byte) bool {
	return len(content) >= ndbHeaderSize && binary.LittleEndian.Uint32(content) == ndbHeaderMagic
}

// ReadNDB calls fn with every package header of an ndb Packages.db. Every
// slot and blob is checked against the file, and the blobs together may not
// exceed it, so the work is bounded by the file size.
// The blob checksum is not verified: a damaged header is caught when parsed.
func ReadNDB(ctx context.Context, content []byte, fn func([]byte) error) error {
	if !IsNDB(content) {
		return fmt.Errorf("%w: no header", ErrNDB)
	}
	le := binary.LittleEndian
	if v := le.Uint32(content[4:]); v != ndbVersion {
		return fmt.Errorf("%w: version %d", ErrNDB, v)
	}
	slotPages := uint64(le.Uint32(content[12:]))
	if slotPages == 0 || slotPages > ndbMaxSlotPages || slotPages*ndbSlotPageSize > uint64(len(content)) {
		return fmt.Errorf("%w: %d slot pages in %d bytes", ErrNDB, slotPages, len(content))
	}
	size := uint64(len(content))
	var blobBytes uint64
	for i := uint64(ndbHeaderInSlots); i < slotPages*ndbSlotsPerPage; i++ {
		if i%4096 == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		slot := content[i*ndbSlotSize:]
		if le.Uint32(slot) != ndbSlotMagic {
			return fmt.Errorf("%w: slot %d: bad magic", ErrNDB, i)
		}
		pkgIndex := le.Uint32(slot[4:])
		if pkgIndex == 0 {
			continue // free slot
		}
		start := uint64(le.Uint32(slot[8:])) * ndbBlockSize
		blocks := uint64(le.Uint32(slot[12:]))
		if start+ndbBlobHeadSize > size {
			return fmt.Errorf("%w: package %d: blob at %d beyond %d bytes", ErrNDB, pkgIndex, start, size)
		}
		blob := content[start:]
		if le.Uint32(blob) != ndbBlobMagic || le.Uint32(blob[4:]) != pkgIndex {
			return fmt.Errorf("%w: package %d: no blob at %d", ErrNDB, pkgIndex, start)
		}
		n := uint64(le.Uint32(blob[12:]))
		end := start + ndbBlobHeadSize + n
		if end > size || ndbBlobHeadSize+n > blocks*ndbBlockSize {
			return fmt.Errorf("%w: package %d: blob of %d bytes does not fit", ErrNDB, pkgIndex, n)
		}
		// Real blobs never overlap, so together they fit in the file; this
		// stops many slots pointing at one large blob from multiplying work.
		if blobBytes += n; blobBytes > size {
			return fmt.Errorf("%w: blobs exceed the file", ErrNDB)
		}
		if err := fn(content[start+ndbBlobHeadSize : end]); err != nil {
			return err
		}
	}
	return nil
}
