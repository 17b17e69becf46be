// Package rpmdbtest builds small rpm databases and package headers for
// tests: fuzz seeds, and inputs in which one structure at a time is damaged.
// It writes the formats from their definitions (rpm's header.c and
// rpmpkg.c, libdb's db_page.h) independently of the readers it tests.
package rpmdbtest

import (
	"bytes"
	"encoding/binary"
)

// Header tags and types, from rpm's lib/rpmtag.h.
const (
	TagName      = 1000
	TagVersion   = 1001
	TagRelease   = 1002
	TagEpoch     = 1003
	TagArch      = 1022
	TagSourceRPM = 1044

	typeInt32  = 4
	typeString = 6
)

// Tag is one header entry: a string, or for TagEpoch a number.
type Tag struct {
	Tag uint32
	S   string
	N   uint32
}

// Header encodes a header blob as rpm stores it in its database: entry
// count and data size, the index, then the data.
func Header(tags ...Tag) []byte {
	var index, data bytes.Buffer
	for _, t := range tags {
		typ, off := uint32(typeString), uint32(data.Len())
		if t.Tag == TagEpoch {
			for data.Len()%4 != 0 {
				data.WriteByte(0)
			}
			typ, off = typeInt32, uint32(data.Len())
			_ = binary.Write(&data, binary.BigEndian, t.N)
		} else {
			data.WriteString(t.S)
			data.WriteByte(0)
		}
		_ = binary.Write(&index, binary.BigEndian, [4]uint32{t.Tag, typ, off, 1})
	}
	var out bytes.Buffer
	_ = binary.Write(&out, binary.BigEndian, [2]uint32{uint32(len(tags)), uint32(data.Len())})
	out.Write(index.Bytes())
	out.Write(data.Bytes())
	return out.Bytes()
}

// NEVRA encodes a header with the usual tags; an empty arch or source RPM
// and a zero epoch are left out, as rpm leaves them out.
func NEVRA(name string, epoch uint32, version, release, arch, sourceRPM string) []byte {
	tags := []Tag{{Tag: TagName, S: name}, {Tag: TagVersion, S: version}, {Tag: TagRelease, S: release}}
	if epoch != 0 {
		tags = append(tags, Tag{Tag: TagEpoch, N: epoch})
	}
	if arch != "" {
		tags = append(tags, Tag{Tag: TagArch, S: arch})
	}
	if sourceRPM != "" {
		tags = append(tags, Tag{Tag: TagSourceRPM, S: sourceRPM})
	}
	return Header(tags...)
}

// ndb layout, from rpm's lib/backend/ndb/rpmpkg.c.
const (
	ndbHeaderMagic = 'R' | 'p'<<8 | 'm'<<16 | 'P'<<24
	ndbSlotMagic   = 'S' | 'l'<<8 | 'o'<<16 | 't'<<24
	ndbBlobMagic   = 'B' | 'l'<<8 | 'b'<<16 | 'S'<<24
	ndbSlotPage    = 4096
	ndbSlotSize    = 16
	ndbBlockSize   = 16
	ndbBlobHead    = 16
)

// NDB lays blobs out as rpm's ndb backend does: one slot page (the header
// in its first two slots), then each blob behind a blob header, aligned to
// 16-byte blocks.
func NDB(blobs [][]byte) []byte {
	le := binary.LittleEndian
	out := make([]byte, ndbSlotPage)
	le.PutUint32(out, ndbHeaderMagic)
	le.PutUint32(out[12:], 1)
	for i := 2; i < ndbSlotPage/ndbSlotSize; i++ {
		le.PutUint32(out[i*ndbSlotSize:], ndbSlotMagic)
	}
	for i, b := range blobs {
		start := len(out)
		head := make([]byte, ndbBlobHead)
		le.PutUint32(head, ndbBlobMagic)
		le.PutUint32(head[4:], uint32(i+1))
		le.PutUint32(head[12:], uint32(len(b)))
		out = append(out, head...)
		out = append(out, b...)
		for len(out)%ndbBlockSize != 0 {
			out = append(out, 0)
		}
		s := out[(2+i)*ndbSlotSize:]
		le.PutUint32(s[4:], uint32(i+1))
		le.PutUint32(s[8:], uint32(start/ndbBlockSize))
		le.PutUint32(s[12:], uint32((len(out)-start)/ndbBlockSize))
	}
	return out
}

// Berkeley DB hash layout, from libdb's src/dbinc/db_page.h.
const (
	bdbHashMagic    = 0x061561
	bdbPageHeader   = 26
	bdbTypeOff      = 25
	bdbEntriesOff   = 20
	bdbHFOffsetOff  = 22
	bdbNextPageOff  = 16
	bdbTypeOverflow = 7
	bdbTypeHashMeta = 8
	bdbTypeHash     = 13
	bdbKeyData      = 1
	bdbOffPage      = 3
	bdbOffPageSize  = 12
)

// BDB lays blobs out as a little-endian Berkeley DB hash database of the
// given page size: the metadata page, one hash page holding rpm's inline
// key-0 record and an off-page item per blob, then each blob's overflow
// chain. The hash page must have room for all items.
func BDB(blobs [][]byte, pageSize int) []byte {
	le := binary.LittleEndian
	ps := pageSize
	room := ps - bdbPageHeader
	pages := 2
	for _, b := range blobs {
		pages += (len(b) + room - 1) / room
	}
	out := make([]byte, pages*ps)
	meta := out[:ps]
	le.PutUint32(meta[12:], bdbHashMagic)
	le.PutUint32(meta[20:], uint32(ps))
	meta[bdbTypeOff] = bdbTypeHashMeta
	le.PutUint32(meta[32:], uint32(pages-1))

	hash := out[ps : 2*ps]
	le.PutUint32(hash[8:], 1)
	hash[bdbTypeOff] = bdbTypeHash
	// Items are written from the end of the page down; the index grows up.
	top := ps
	var index []uint16
	put := func(item []byte) {
		top -= len(item)
		copy(hash[top:], item)
		index = append(index, uint16(top))
	}
	keyData := func(v []byte) []byte { return append([]byte{bdbKeyData}, v...) }
	put(keyData([]byte{0, 0, 0, 0}))
	put(keyData([]byte{byte(len(blobs) + 1), 0, 0, 0})) // rpm's next package number
	next := 2
	for i, b := range blobs {
		put(keyData(le.AppendUint32(nil, uint32(i+1))))
		off := make([]byte, bdbOffPageSize)
		off[0] = bdbOffPage
		le.PutUint32(off[4:], uint32(next))
		le.PutUint32(off[8:], uint32(len(b)))
		put(off)
		for rest := b; len(rest) > 0; {
			n := min(len(rest), room)
			p := out[next*ps : (next+1)*ps]
			le.PutUint32(p[8:], uint32(next))
			p[bdbTypeOff] = bdbTypeOverflow
			le.PutUint16(p[bdbHFOffsetOff:], uint16(n))
			copy(p[bdbPageHeader:], rest[:n])
			rest = rest[n:]
			next++
			if len(rest) > 0 {
				le.PutUint32(p[bdbNextPageOff:], uint32(next))
			}
		}
	}
	le.PutUint16(hash[bdbEntriesOff:], uint16(len(index)))
	for i, off := range index {
		le.PutUint16(hash[bdbPageHeader+2*i:], off)
	}
	return out
}

// SwapBDB turns a little-endian database from BDB into the big-endian
// layout libdb writes on big-endian machines such as s390x.
func SwapBDB(db []byte) []byte {
	out := bytes.Clone(db)
	le, be := binary.LittleEndian, binary.BigEndian
	ps := int(le.Uint32(db[20:]))
	swap32 := func(off int) { be.PutUint32(out[off:], le.Uint32(db[off:])) }
	swap16 := func(off int) { be.PutUint16(out[off:], le.Uint16(db[off:])) }
	for _, off := range []int{8, 12, 20, 32} {
		swap32(off)
	}
	for n := 1; n < len(db)/ps; n++ {
		base := n * ps
		for _, off := range []int{8, 12, bdbNextPageOff} {
			swap32(base + off)
		}
		swap16(base + bdbEntriesOff)
		swap16(base + bdbHFOffsetOff)
		if db[base+bdbTypeOff] != bdbTypeHash {
			continue
		}
		for i := range int(le.Uint16(db[base+bdbEntriesOff:])) {
			swap16(base + bdbPageHeader + 2*i)
			item := base + int(le.Uint16(db[base+bdbPageHeader+2*i:]))
			if db[item] == bdbOffPage {
				swap32(item + 4)
				swap32(item + 8)
			}
		}
	}
	return out
}
