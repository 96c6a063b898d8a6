package cmd

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/spf13/cobra"

	"github.com/bgkit/bgkit/internal/fsutil"
	"github.com/bgkit/bgkit/trigger"
	"github.com/bgkit/bgkit/trigger/ios"
)

// iosPushOptions are the flags of `bgkit trigger ios push`.
type iosPushOptions struct {
	iosOptions
	Data    []string
	Payload string
	Alert   string
}

func newTriggerIOSPushCmd(f *Factory, runF func(*iosPushOptions) error) *cobra.Command {
	o := &iosPushOptions{iosOptions: newIOSOptions(f)}
	c := &cobra.Command{
		Use:   "push",
		Short: "Send a silent push (content-available) to the app on the simulator",
		Long: `Send a push notification to the app with xcrun simctl push, the payload on
standard input.

By default the push is silent: {"aps":{"content-available":1}} plus the keys
of --data, which wakes the app's
application(_:didReceiveRemoteNotification:fetchCompletionHandler:) when
UIBackgroundModes has remote-notification. --alert makes it visible.

The payload is checked before it is sent: a JSON object whose "aps" has
"content-available": 1, no alert, sound or badge unless --alert is given, and
at most 4096 bytes. --data KEY=VALUE adds a string, --data KEY:=JSON any JSON
value; --payload FILE (or - for standard input) starts from your own payload.`,
		Example: `  bgkit trigger ios push
  bgkit trigger ios push --data sync=inbox --data 'count:=3'
  bgkit trigger ios push --payload push.json --watch=30s
  bgkit trigger ios push --alert "Sync finished" --bundle com.example.app
  bgkit trigger ios push --dry-run`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if cmd.Flags().Changed("alert") && strings.TrimSpace(o.Alert) == "" {
				return usageErrorf("--alert needs the notification's text; leave it out for a silent push")
			}
			if runF != nil {
				return runF(o)
			}
			return untilInterrupted(cmd.Context(), func(ctx context.Context) error { return runIOSPush(ctx, o) })
		},
	}
	addIOSFlags(c, &o.iosOptions, true)
	c.Flags().StringArrayVar(&o.Data, "data", nil, "add a custom top-level key: `KEY=VALUE` (a string) or KEY:=JSON (repeatable)")
	c.Flags().StringVar(&o.Payload, "payload", "", "start from the JSON payload in `FILE` (- reads standard input)")
	c.Flags().StringVar(&o.Alert, "alert", "", "make the push visible with this alert `TEXT`")
	c.MarkFlagFilename("payload", "json", "apns")
	return c
}

// maxPayloadFile bounds what bgkit reads of --payload: 16 times the most
// APNs accepts.
const maxPayloadFile = 16 * ios.MaxPayloadBytes

func runIOSPush(ctx context.Context, o *iosPushOptions) error {
	if err := o.validate(); err != nil {
		return err
	}
	po := ios.PayloadOptions{Data: o.Data, Alert: o.Alert}
	if o.Payload != "" {
		var err error
		// A payload is at most 4 KiB; the cap leaves room for indentation
		// and keeps --payload /dev/zero from being read whole.
		if o.Payload == "-" {
			po.Base, err = io.ReadAll(io.LimitReader(o.IO.In, maxPayloadFile+1))
			po.BaseName = "standard input"
			if err == nil && len(po.Base) > maxPayloadFile {
				err = fmt.Errorf("standard input: %w: larger than %d KiB, the most bgkit reads of a payload", fsutil.ErrTooLarge, maxPayloadFile>>10)
			}
		} else {
			payload := o.Payload
			if o.Files != nil {
				payload = o.Files.path(payload)
			}
			po.Base, err = fsutil.ReadFile(payload, maxPayloadFile)
			po.BaseName = o.Payload
		}
		if err != nil {
			var pe *os.PathError
			if errors.As(err, &pe) {
				err = fmt.Errorf("%s: %w", o.Payload, pe.Err)
			}
			return fmt.Errorf("--payload: %w", err)
		}
		if po.Base == nil {
			po.Base = []byte{}
		}
	}
	payload, err := ios.BuildPayload(po)
	if err != nil {
		var pe *ios.PayloadError
		if errors.As(err, &pe) && pe.InData {
			return &UsageError{Err: fmt.Errorf("--data: %w", err)}
		}
		return err
	}
	bundle, err := o.bundle()
	if err != nil {
		return err
	}
	t, dry := o.trigger(bundle, o.IO.Out)
	return o.push(ctx, t, dry, bundle, payload, o.Alert != "")
}

// push sends payload to the app and says what was sent; with --dry-run
// (dry) it prints the commands instead.
func (o *iosOptions) push(ctx context.Context, t *ios.Trigger, dry *trigger.DryRunner, bundle string, payload []byte, visible bool) error {
	sent, err := t.Push(ctx, bundle, payload)
	if dry != nil {
		printDryRun(o.IO.Out, dry)
		return err
	}
	if err != nil {
		return err
	}
	kind := "a silent push"
	if visible {
		kind = "a visible push"
	}
	fmt.Fprintf(o.IO.Out, "Sent %s to %s on %s: %s\n", kind, bundle, sent.Simulator, payload)
	if sent.Result.Advisory != "" {
		fmt.Fprintf(o.IO.ErrOut, "simctl: %s\n", sent.Result.Advisory)
	}
	if !visible {
		fmt.Fprintln(o.IO.ErrOut, "bgkit: the app receives it only with remote-notification in UIBackgroundModes (bgkit doctor checks); whether a suspended app is woken in the simulator varies with Xcode, so look for it in the app's log (--watch).")
	}
	return sent.Wait()
}
