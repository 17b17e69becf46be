// Package rpmdb reads rpm package databases in the two formats that need no
// SQL engine, Berkeley DB and rpm's ndb, and decodes the package headers
// they hold. It is separate from the analyzer so that it can be fuzzed
// without the SQLite driver in the binary, whose size makes coverage-guided
// fuzzing crawl. Everything here works on bytes in memory, checks every
// offset and length it follows, and does work bounded by the input size.
package rpmdb

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"math"
)

// Tags and data types of the rpm header format, from rpm's lib/rpmtag.h.
const (
	tagName      = 1000
	tagVersion   = 1001
	tagRelease   = 1002
	tagEpoch     = 1003
	tagArch      = 1022
	tagSourceRPM = 1044

	typeInt32       = 4
	typeString      = 6
	typeStringArray = 8
	typeI18NString  = 9
)

// Limits rpm itself applies when importing a header (hdrchkTags and
// hdrchkData in lib/header.c), so nothing larger is a header rpm wrote.
const (
	maxTags     = 0xffff
	maxDataSize = 0x0fffffff
)

// maxStringLen bounds the strings kept from a header; names, versions and
// source RPM file names are far shorter.
const maxStringLen = 4096

// Header holds the tags of one package header the analyzer needs.
type Header struct {
	Name, Version, Release, Arch, SourceRPM string
	Epoch                                   int
}

// ErrHeader is wrapped by errors for headers that cannot be decoded.
var ErrHeader = errors.New("invalid package header")

// ParseHeader reads an rpm header blob as stored in the rpm database: the
// index length and data length (big-endian), the index entries, then the
// data store. Only the tags above are read, and each one is checked against
// the data store's bounds, so no offset in the blob is trusted.
func ParseHeader(blob []byte) (Header, error) {
	var h Header
	if len(blob) < 8 {
		return h, fmt.Errorf("%w: %d bytes", ErrHeader, len(blob))
	}
	il := binary.BigEndian.Uint32(blob)
	dl := binary.BigEndian.Uint32(blob[4:])
	if il == 0 || il > maxTags || dl > maxDataSize {
		return h, fmt.Errorf("%w: %d tags, %d data bytes", ErrHeader, il, dl)
	}
	dataStart := 8 + 16*uint64(il)
	dataEnd := dataStart + uint64(dl)
	if dataEnd > uint64(len(blob)) {
		return h, fmt.Errorf("%w: truncated (%d of %d bytes)", ErrHeader, len(blob), dataEnd)
	}
	data := blob[dataStart:dataEnd]
	index := blob[8:dataStart]
	// Later entries override earlier ones: tags added after the immutable
	// region (rpm's "dribbles") follow it in the index.
	for e := index; len(e) >= 16; e = e[16:] {
		tag := binary.BigEndian.Uint32(e)
		typ := binary.BigEndian.Uint32(e[4:])
		off := binary.BigEndian.Uint32(e[8:])
		count := binary.BigEndian.Uint32(e[12:])
		var dst *string
		switch tag {
		case tagName:
			dst = &h.Name
		case tagVersion:
			dst = &h.Version
		case tagRelease:
			dst = &h.Release
		case tagArch:
			dst = &h.Arch
		case tagSourceRPM:
			dst = &h.SourceRPM
		case tagEpoch:
			epoch, err := int32At(data, typ, off, count)
			if err != nil {
				return h, fmt.Errorf("epoch: %w", err)
			}
			h.Epoch = epoch
			continue
		default:
			continue
		}
		s, err := stringAt(data, typ, off, count)
		if err != nil {
			return h, fmt.Errorf("tag %d: %w", tag, err)
		}
		*dst = s
	}
	if h.Name == "" || h.Version == "" {
		return h, fmt.Errorf("%w: no name or version", ErrHeader)
	}
	return h, nil
}

// stringAt returns the first string of a string-typed entry.
func stringAt(data []byte, typ, off, count uint32) (string, error) {
	if (typ != typeString && typ != typeStringArray && typ != typeI18NString) || count == 0 {
		return "", fmt.Errorf("%w: type %d count %d for a string", ErrHeader, typ, count)
	}
	if uint64(off) >= uint64(len(data)) {
		return "", fmt.Errorf("%w: offset %d outside %d data bytes", ErrHeader, off, len(data))
	}
	rest := data[off:]
	if len(rest) > maxStringLen+1 {
		rest = rest[:maxStringLen+1]
	}
	end := bytes.IndexByte(rest, 0)
	if end < 0 {
		return "", fmt.Errorf("%w: unterminated or over-long string at %d", ErrHeader, off)
	}
	s := rest[:end]
	// Names and versions never hold blanks or control characters, and such
	// bytes would garble every report the value ends up in.
	if bytes.ContainsFunc(s, func(r rune) bool { return r <= ' ' || r == 0x7f }) {
		return "", fmt.Errorf("%w: control characters in string at %d", ErrHeader, off)
	}
	return string(s), nil
}

// int32At returns the first value of an INT32 entry.
func int32At(data []byte, typ, off, count uint32) (int, error) {
	if typ != typeInt32 || count == 0 {
		return 0, fmt.Errorf("%w: type %d count %d for an integer", ErrHeader, typ, count)
	}
	if uint64(off)+4 > uint64(len(data)) {
		return 0, fmt.Errorf("%w: offset %d outside %d data bytes", ErrHeader, off, len(data))
	}
	v := binary.BigEndian.Uint32(data[off:])
	if v > math.MaxInt32 {
		return 0, fmt.Errorf("%w: epoch %d", ErrHeader, v)
	}
	return int(v), nil
}
