package trigger

import (
	"context"
	"reflect"
	"testing"
)

func TestChoosePlatforms(t *testing.T) {
	ctx := context.Background()
	present := func(context.Context) string { return "" }
	absent := func(why string) func(context.Context) string {
		return func(context.Context) string { return why }
	}
	asked := false
	notAsked := func(context.Context) string { asked = true; return "asked" }

	chosen, skipped, err := ChoosePlatforms(ctx,
		Platform{Name: "ios", Wanted: true, Absent: absent("no simulator")},
		Platform{Name: "android", Wanted: true, Absent: present})
	if err != nil || !reflect.DeepEqual(chosen, []string{"android"}) || !reflect.DeepEqual(skipped, []string{"no simulator"}) {
		t.Fatalf("one absent: %v %v %v", chosen, skipped, err)
	}

	chosen, skipped, err = ChoosePlatforms(ctx,
		Platform{Name: "ios", Wanted: true, Given: true, Absent: notAsked},
		Platform{Name: "android", Wanted: false, Absent: notAsked})
	if err != nil || asked || !reflect.DeepEqual(chosen, []string{"ios"}) || skipped != nil {
		t.Fatalf("given and unwanted are not looked for: %v %v %v asked=%v", chosen, skipped, err, asked)
	}

	_, _, err = ChoosePlatforms(ctx,
		Platform{Name: "ios", Wanted: true, Absent: absent("no simulator")},
		Platform{Name: "android", Wanted: true, Absent: absent("no device")})
	if err == nil || err.Error() != "nothing to trigger on: no simulator; no device" {
		t.Fatalf("none: %v", err)
	}
}
