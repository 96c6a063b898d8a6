//go:build unix

package main

import "github.com/bgkit/bgkit/internal/fakeadbd"

func fakeadbdStub() string             { return fakeadbd.StubName() }
func fakeadbdStubMain(name string) int { return fakeadbd.StubMain(name) }
