package msgraph_test

import (
	"errors"
	"fmt"

	"github.com/callscope/callscope/internal/msgraph"
)

// A client for a US Government (DoD) tenant. New checks the
// configuration before anything is sent, and says what to fix.
func ExampleNew() {
	_, err := msgraph.New(msgraph.Config{
		Cloud:    msgraph.CloudUSGovL5,
		TenantID: "contoso.onmicrosoft.us",
		ClientID: "11111111-2222-3333-4444-555555555555",
	})
	fmt.Println(errors.Is(err, msgraph.ErrConfig))
	fmt.Println(err)
	// Output:
	// true
	// no credential: set a client secret or a certificate with its private key (PEM) of the app registration
}

// Cloud presets are chosen by name in configuration files.
func ExampleCloudByName() {
	c, _ := msgraph.CloudByName("usgov-l4")
	fmt.Println(c.LoginURL, c.GraphURL)
	// Output: https://login.microsoftonline.us https://graph.microsoft.us
}
