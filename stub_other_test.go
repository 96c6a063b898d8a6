//go:build !unix

package main

func fakeadbdStub() string             { return "" }
func fakeadbdStubMain(name string) int { return 0 }
