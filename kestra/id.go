package kestra

import (
	"crypto/rand"
	"math/big"
)

const base62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"

// NewID returns a new Kestra-style id: a random (version 4) UUID written as
// a base62 number, at most 22 characters long, e.g. "4wjtkzwVGBM9yKnjm3yv8r".
func NewID() string {
	var u [16]byte
	if _, err := rand.Read(u[:]); err != nil {
		panic("kestra: crypto/rand failed: " + err.Error())
	}
	u[6] = u[6]&0x0f | 0x40 // version 4
	u[8] = u[8]&0x3f | 0x80 // RFC 4122 variant
	return encodeBase62(u)
}

func encodeBase62(u [16]byte) string {
	n := new(big.Int).SetBytes(u[:])
	if n.Sign() == 0 {
		return "0"
	}
	var buf [22]byte
	i := len(buf)
	base := big.NewInt(62)
	mod := new(big.Int)
	for n.Sign() > 0 {
		n.DivMod(n, base, mod)
		i--
		buf[i] = base62[mod.Int64()]
	}
	return string(buf[i:])
}
