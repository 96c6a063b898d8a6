package plistcfg

import "errors"

var errTODO = errors.New("not implemented")

// AddStrings returns data with values appended to the top-level string array
// key (created where the file's key order suggests when missing). Values
// already present are skipped; no change returns data itself.
func AddStrings(name string, data []byte, key string, values ...string) ([]byte, error) {
	return nil, errTODO
}

// RemoveStrings returns data without the given values in the top-level array
// key. An array left empty stays as an empty array.
func RemoveStrings(name string, data []byte, key string, values ...string) ([]byte, error) {
	return nil, errTODO
}

// SetString returns data with the top-level key set to a string value,
// added when missing (for example aps-environment in an entitlements file).
func SetString(name string, data []byte, key, value string) ([]byte, error) {
	return nil, errTODO
}
