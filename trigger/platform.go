package trigger

import (
	"context"
	"fmt"
	"strings"
)

// Platform is one platform a trigger may act on, when the caller lets
// bgkit choose where devices are present.
type Platform struct {
	Name   string // "ios", "android"
	Wanted bool   // the project builds for it
	// Given: the device was named, or nothing runs (a dry run), so it is
	// not looked for.
	Given bool
	// Absent says why no device is present, or "" when one is.
	Absent func(context.Context) string
}

// ChoosePlatforms returns the wanted platforms on which a device was given
// or is present, and why each other wanted platform is skipped; with
// none chosen, an error saying why.
func ChoosePlatforms(ctx context.Context, platforms ...Platform) (chosen, skipped []string, err error) {
	for _, p := range platforms {
		if !p.Wanted {
			continue
		}
		if p.Given {
			chosen = append(chosen, p.Name)
		} else if why := p.Absent(ctx); why == "" {
			chosen = append(chosen, p.Name)
		} else {
			skipped = append(skipped, why)
		}
	}
	if len(chosen) == 0 {
		return nil, nil, fmt.Errorf("nothing to trigger on: %s", strings.Join(skipped, "; "))
	}
	return chosen, skipped, nil
}
