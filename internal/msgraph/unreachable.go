package msgraph

import (
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
)

// unreachable explains a request that got no answer from the host
// subject names ("the sign-in host login.microsoftonline.com"): a
// certificate this machine does not trust is not a network problem, and
// is said so, since the usual cause is a proxy that inspects TLS rather
// than DNS or a firewall. The cloud's name is mentioned only when its
// hosts are its preset's.
func unreachable(subject string, cloud Cloud, err error) *Error {
	if problem, ok := certificateProblem(err); ok {
		return &Error{Kind: ErrUnreachable, Err: err, Message: fmt.Sprintf(
			"%s %s: if a proxy inspects TLS on this network, add its root certificate to this machine's trusted certificates (or name a file of them in SSL_CERT_FILE)",
			subject, problem)}
	}
	check := "check the cloud setting (" + cloud.Name + "), DNS, proxy and firewall"
	if cloud.custom() {
		check = "check the host's address, DNS, proxy and firewall"
	}
	return &Error{Kind: ErrUnreachable, Err: err, Message: fmt.Sprintf("cannot reach %s: %s", subject, check)}
}

// certificateProblem says what is wrong with the certificate a failed
// TLS handshake was given.
func certificateProblem(err error) (string, bool) {
	var unknown x509.UnknownAuthorityError
	var hostname x509.HostnameError
	var invalid x509.CertificateInvalidError
	var verify *tls.CertificateVerificationError
	switch {
	case errors.As(err, &unknown):
		return "presented a certificate from an authority this machine does not trust", true
	case errors.As(err, &hostname):
		return "presented a certificate for another name (" + hostname.Error() + ")", true
	case errors.As(err, &invalid):
		if invalid.Reason == x509.Expired {
			return "presented a certificate that has expired or is not yet valid", true
		}
		return "presented a certificate that is not valid here (" + invalid.Error() + ")", true
	case errors.As(err, &verify):
		return "presented a certificate this machine could not verify (" + verify.Err.Error() + ")", true
	}
	return "", false
}

// custom tells whether the cloud's hosts were set by hand rather than
// being its preset's.
func (c Cloud) custom() bool {
	preset, err := CloudByName(c.Name)
	return err != nil || preset.LoginURL != c.LoginURL || preset.GraphURL != c.GraphURL
}
