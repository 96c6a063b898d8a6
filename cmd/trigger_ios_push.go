package cmd

import (
	"context"
	"strings"

	"github.com/spf13/cobra"

	"github.com/bgkit/bgkit/internal/cmdutil"
	"github.com/bgkit/bgkit/trigger/ios"
)

// iosPushOptions are the flags of `bgkit trigger ios push`.
type iosPushOptions struct {
	iosOptions
	Data    []string
	Payload string
	Alert   string
}

func newTriggerIOSPushCmd(f *cmdutil.Factory, runF func(*iosPushOptions) error) *cobra.Command {
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
				return cmdutil.UsageErrorf("--alert needs the notification's text; leave it out for a silent push")
			}
			if runF != nil {
				return runF(o)
			}
			return cmdutil.UntilInterrupted(cmd.Context(), func(ctx context.Context) error { return runIOSPush(ctx, o) })
		},
	}
	addIOSFlags(c, &o.iosOptions, true)
	c.Flags().StringArrayVar(&o.Data, "data", nil, "add a custom top-level key: `KEY=VALUE` (a string) or KEY:=JSON (repeatable)")
	c.Flags().StringVar(&o.Payload, "payload", "", "start from the JSON payload in `FILE` (- reads standard input)")
	c.Flags().StringVar(&o.Alert, "alert", "", "make the push visible with this alert `TEXT`")
	c.MarkFlagFilename("payload", "json", "apns")
	return c
}

func runIOSPush(ctx context.Context, o *iosPushOptions) error {
	sent, err := o.config().Push(ctx, ios.PushRequest{Data: o.Data, Alert: o.Alert, Payload: o.Payload, Stdin: o.IO.In})
	if err := printIOS(o.IO, sent, err); err != nil {
		return err
	}
	return sent.Wait()
}
