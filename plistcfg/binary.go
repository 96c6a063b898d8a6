package plistcfg

import (
	"bytes"
	"fmt"
	"math"

	"github.com/bgkit/bgkit/internal/xmltok"
)

// maxBinaryValues bounds the values a binary plist may decode to. Objects
// in a binary plist can be shared: a few hundred bytes can describe arrays
// nested thirty deep whose elements are all the same array, which decodes
// to billions of values and would hang bgkit. Real Info.plists hold a few
// hundred values.
const maxBinaryValues = 1 << 20

// checkBinaryGraph refuses a binary plist whose objects refer to
// themselves, nest more than xmltok.MaxDepth deep, or decode to more than
// maxBinaryValues values. A structure it cannot follow (truncated, bad
// offsets) is left for the decoder to report.
func checkBinaryGraph(name string, data []byte) error {
	if !bytes.HasPrefix(data, []byte("bplist")) || len(data) < 8+32 {
		return nil
	}
	t := data[len(data)-32:]
	offSize, refSize := uint64(t[6]), uint64(t[7])
	nObj, top, table := beUint(t[8:16]), beUint(t[16:24]), beUint(t[24:32])
	end := uint64(len(data) - 32)
	if offSize < 1 || offSize > 8 || refSize < 1 || refSize > 8 || nObj == 0 || nObj > end ||
		top >= nObj || table > end || (end-table)/offSize < nObj {
		return nil
	}
	// children returns the objects a container refers to (none for a
	// scalar); ok is false when the bytes cannot be followed.
	children := func(i uint64) (refs []uint64, ok bool) {
		p := table + i*offSize
		o := beUint(data[p : p+offSize])
		if o >= end {
			return nil, false
		}
		m := data[o]
		per := uint64(1)
		switch m >> 4 {
		case 0xA, 0xB, 0xC: // array, ordered set, set
		case 0xD: // dict: keys, then values
			per = 2
		default:
			return nil, true
		}
		count, p := uint64(m&0x0F), o+1
		if count == 0x0F {
			if p >= end || data[p]>>4 != 0x1 || data[p]&0x0F > 3 {
				return nil, false
			}
			n := uint64(1) << (data[p] & 0x0F)
			if p+1+n > end {
				return nil, false
			}
			count, p = beUint(data[p+1:p+1+n]), p+1+n
		}
		if count > (end-p)/refSize/per {
			return nil, false
		}
		refs = make([]uint64, count*per)
		for k := range refs {
			refs[k] = beUint(data[p : p+refSize])
			p += refSize
		}
		return refs, true
	}
	const (
		unseen = iota
		open
		done
	)
	state := make([]uint8, nObj)
	size := make([]uint64, nObj)
	errTooBig := &ParseError{File: name, Msg: fmt.Sprintf("a binary property list whose shared objects decode to more than %d values: not an Info.plist bgkit will read", maxBinaryValues)}
	var visit func(i uint64, depth int) (uint64, error)
	visit = func(i uint64, depth int) (uint64, error) {
		switch {
		case i >= nObj:
			return 1, nil // a bad reference: the decoder reports it
		case state[i] == done:
			return size[i], nil
		case state[i] == open:
			return 0, &ParseError{File: name, Msg: "a binary property list whose objects contain themselves"}
		case depth > xmltok.MaxDepth:
			return 0, &ParseError{File: name, Msg: fmt.Sprintf("a binary property list nested more than %d levels deep", xmltok.MaxDepth)}
		}
		refs, ok := children(i)
		if !ok {
			return 1, nil
		}
		state[i] = open
		n := uint64(1)
		for _, r := range refs {
			s, err := visit(r, depth+1)
			if err != nil {
				return 0, err
			}
			if n += s; n > maxBinaryValues {
				return 0, errTooBig
			}
		}
		state[i], size[i] = done, n
		return n, nil
	}
	_, err := visit(top, 0)
	return err
}

// beUint reads a big-endian unsigned integer of up to 8 bytes.
func beUint(b []byte) uint64 {
	var n uint64
	for _, c := range b {
		n = n<<8 | uint64(c)
	}
	return n
}

// checkBinaryValues refuses to edit a binary plist holding a value that
// bgkit's encoder cannot write back exactly: an integer wider than 64 bits,
// a string with invalid UTF-16 (a lone surrogate) or non-ASCII bytes in an
// ASCII string, or a NaN. Decoding would turn them into something else (0,
// U+FFFD), and the edit would change a value nobody asked to change.
func checkBinaryValues(name string, data []byte) error {
	if !bytes.HasPrefix(data, []byte("bplist")) || len(data) < 8+32 {
		return nil
	}
	t := data[len(data)-32:]
	offSize := uint64(t[6])
	nObj, table := beUint(t[8:16]), beUint(t[24:32])
	end := uint64(len(data) - 32)
	if offSize < 1 || offSize > 8 || nObj == 0 || nObj > end || table > end || (end-table)/offSize < nObj {
		return nil // the decoder reports what is wrong
	}
	refuse := func(what string) error {
		return &ParseError{File: name, Msg: fmt.Sprintf("holds %s, which bgkit cannot write back exactly in a binary property list; nothing was changed (edit this file in Xcode, or convert it with plutil -convert xml1 first)", what)}
	}
	for i := uint64(0); i < nObj; i++ {
		p := table + i*offSize
		o := beUint(data[p : p+offSize])
		if o >= end {
			continue
		}
		m := data[o]
		switch m >> 4 {
		case 0x1: // integer of 2^n bytes
			n := uint64(1) << (m & 0x0F)
			if n > 16 || o+1+n > end {
				return refuse(fmt.Sprintf("an integer of %d bytes", n))
			}
			if n == 16 && beUint(data[o+1:o+9]) != 0 {
				return refuse("an integer wider than 64 bits")
			}
		case 0x2: // real
			n := uint64(1) << (m & 0x0F)
			if o+1+n > end {
				continue
			}
			switch n {
			case 4:
				if f := math.Float32frombits(uint32(beUint(data[o+1 : o+5]))); f != f {
					return refuse("a NaN (not-a-number) real")
				}
			case 8:
				if f := math.Float64frombits(beUint(data[o+1 : o+9])); f != f {
					return refuse("a NaN (not-a-number) real")
				}
			}
		case 0x5, 0x6: // ASCII string, UTF-16BE string
			count, q, ok := binaryCount(data, o, end)
			if !ok {
				continue
			}
			if m>>4 == 0x5 {
				if count > end-q {
					continue
				}
				for _, c := range data[q : q+count] {
					if c >= 0x80 {
						return refuse("an ASCII string with a byte over 0x7f")
					}
				}
				continue
			}
			if count > (end-q)/2 {
				continue
			}
			for k := uint64(0); k < count; k++ {
				u := uint16(beUint(data[q+2*k : q+2*k+2]))
				switch {
				case u >= 0xD800 && u < 0xDC00:
					if k+1 >= count {
						return refuse("a string with invalid UTF-16 (a lone surrogate)")
					}
					if v := uint16(beUint(data[q+2*k+2 : q+2*k+4])); v < 0xDC00 || v >= 0xE000 {
						return refuse("a string with invalid UTF-16 (a lone surrogate)")
					}
					k++
				case u >= 0xDC00 && u < 0xE000:
					return refuse("a string with invalid UTF-16 (a lone surrogate)")
				}
			}
		}
	}
	return nil
}

// binaryCount reads the element count of the object at o (its low nibble,
// or an integer object after it) and where its content starts.
func binaryCount(data []byte, o, end uint64) (count, start uint64, ok bool) {
	count, p := uint64(data[o]&0x0F), o+1
	if count != 0x0F {
		return count, p, true
	}
	if p >= end || data[p]>>4 != 0x1 || data[p]&0x0F > 3 {
		return 0, 0, false
	}
	n := uint64(1) << (data[p] & 0x0F)
	if p+1+n > end {
		return 0, 0, false
	}
	return beUint(data[p+1 : p+1+n]), p + 1 + n, true
}
