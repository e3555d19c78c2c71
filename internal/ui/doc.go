// Package ui holds the Fyne screens of 心晴. It takes the fyne.App, the
// window and the services as parameters; only cmd/xinqing creates the app.
package ui
