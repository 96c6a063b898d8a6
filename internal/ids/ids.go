// Package ids validates the identifiers bgkit passes to adb, simctl and
// lldb: Android package names, iOS bundle ids and BGTaskScheduler task ids.
// They reach a device shell or an Objective-C expression, so what passes
// here is deliberately narrower than what the platforms would accept.
package ids

// AndroidPackage reports whether s is an Android application id: at least
// two dot-separated parts, each a letter followed by letters, digits or '_'.
func AndroidPackage(s string) bool {
	parts := 0
	for i := 0; i < len(s); {
		j := i
		for j < len(s) && s[j] != '.' {
			c := s[j]
			if !(isLetter(c) || (j > i && (isDigit(c) || c == '_'))) {
				return false
			}
			j++
		}
		if j == i {
			return false // empty part
		}
		parts++
		if j == len(s) {
			break
		}
		i = j + 1
		if i == len(s) {
			return false // trailing '.'
		}
	}
	return parts >= 2
}

// ReverseDNS reports whether s is a reverse-DNS identifier as bgkit accepts
// bundle ids and BGTask identifiers: at most 255 bytes, at least two
// dot-separated parts of letters, digits, '-' and '_', the first part not
// starting with '-'. Nothing in it can end a quoted string or an
// Objective-C literal.
func ReverseDNS(s string) bool {
	if len(s) == 0 || len(s) > 255 || s[0] == '-' {
		return false
	}
	parts, partLen := 1, 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '.':
			if partLen == 0 {
				return false
			}
			parts++
			partLen = 0
		case isLetter(c), isDigit(c), c == '-', c == '_':
			partLen++
		default:
			return false
		}
	}
	return partLen > 0 && parts >= 2
}

func isLetter(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }
func isDigit(c byte) bool  { return c >= '0' && c <= '9' }
