// Package fakeadbd is a fake Android device for end-to-end tests: it
// listens on 127.0.0.1, speaks the adb transport protocol to a real adb
// server (`adb connect 127.0.0.1:PORT`), and runs each shell command line
// through a real mksh (Android's /system/bin/sh) whose PATH holds only stub
// commands (cmd, dumpsys, am, input, logcat, pidof, getprop, settings). The
// stubs are the test binary itself: they log their argv and replay the
// answers a test wrote, as internal/fakecmd does for fake host tools.
//
// The transport protocol (AOSP packages/modules/adb, protocol.txt): every
// message is a 24-byte little-endian header (command, arg0, arg1, data
// length, data checksum, magic = command ^ 0xffffffff) followed by the
// data. Version 0x01000001 peers skip the checksum; older ones check it as
// the sum of the data bytes, which this device always fills in.
package fakeadbd

import (
	"encoding/binary"
	"errors"
	"fmt"
	"io"
)

const (
	cmdSYNC = 0x434e5953
	cmdCNXN = 0x4e584e43
	cmdAUTH = 0x48545541
	cmdOPEN = 0x4e45504f
	cmdOKAY = 0x59414b4f
	cmdCLSE = 0x45534c43
	cmdWRTE = 0x45545257
	cmdSTLS = 0x534c5453

	// adbVersion is A_VERSION with A_VERSION_SKIP_CHECKSUM.
	adbVersion = 0x01000001
	// maxPayload is what this device accepts in one message.
	maxPayload = 256 * 1024
	// maxAccepted bounds what the device reads from a host in one message.
	maxAccepted = 1024 * 1024

	authToken     = 1
	authSignature = 2
	authPublicKey = 3
)

// Shell protocol v2 packet ids (adb shell_protocol.h).
const (
	shellStdin       = 0
	shellStdout      = 1
	shellStderr      = 2
	shellExit        = 3
	shellCloseStdin  = 4
	shellWindowSize  = 5
	shellPacketHdrSz = 5
)

type message struct {
	cmd, arg0, arg1 uint32
	data            []byte
}

func commandName(c uint32) string {
	switch c {
	case cmdSYNC:
		return "SYNC"
	case cmdCNXN:
		return "CNXN"
	case cmdAUTH:
		return "AUTH"
	case cmdOPEN:
		return "OPEN"
	case cmdOKAY:
		return "OKAY"
	case cmdCLSE:
		return "CLSE"
	case cmdWRTE:
		return "WRTE"
	case cmdSTLS:
		return "STLS"
	}
	return fmt.Sprintf("0x%08x", c)
}

func (m message) String() string {
	return fmt.Sprintf("%s(%d, %d, %d bytes)", commandName(m.cmd), m.arg0, m.arg1, len(m.data))
}

func checksum(data []byte) uint32 {
	var sum uint32
	for _, b := range data {
		sum += uint32(b)
	}
	return sum
}

func encode(m message) []byte {
	buf := make([]byte, 24+len(m.data))
	binary.LittleEndian.PutUint32(buf[0:], m.cmd)
	binary.LittleEndian.PutUint32(buf[4:], m.arg0)
	binary.LittleEndian.PutUint32(buf[8:], m.arg1)
	binary.LittleEndian.PutUint32(buf[12:], uint32(len(m.data)))
	binary.LittleEndian.PutUint32(buf[16:], checksum(m.data))
	binary.LittleEndian.PutUint32(buf[20:], m.cmd^0xffffffff)
	copy(buf[24:], m.data)
	return buf
}

var errBadMagic = errors.New("adb message with a bad magic")

// readMessage reads one message. The data checksum is not verified: the
// host speaks version 0x01000001, which skips it.
func readMessage(r io.Reader) (message, error) {
	var hdr [24]byte
	if _, err := io.ReadFull(r, hdr[:]); err != nil {
		return message{}, err
	}
	m := message{
		cmd:  binary.LittleEndian.Uint32(hdr[0:]),
		arg0: binary.LittleEndian.Uint32(hdr[4:]),
		arg1: binary.LittleEndian.Uint32(hdr[8:]),
	}
	n := binary.LittleEndian.Uint32(hdr[12:])
	if binary.LittleEndian.Uint32(hdr[20:]) != m.cmd^0xffffffff {
		return m, errBadMagic
	}
	if n > maxAccepted {
		return m, fmt.Errorf("adb message of %d bytes is over the %d-byte limit", n, maxAccepted)
	}
	m.data = make([]byte, n)
	if _, err := io.ReadFull(r, m.data); err != nil {
		return m, err
	}
	return m, nil
}

func shellPacket(id byte, data []byte) []byte {
	p := make([]byte, shellPacketHdrSz+len(data))
	p[0] = id
	binary.LittleEndian.PutUint32(p[1:], uint32(len(data)))
	copy(p[shellPacketHdrSz:], data)
	return p
}
