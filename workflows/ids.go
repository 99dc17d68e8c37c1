package workflows

import (
	"crypto/sha256"
	"encoding/binary"
	"math/big"
)

const base62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"

// taskRunID derives the id of the n-th task run of an execution. Ids must be
// the same on every replay, so they are computed rather than drawn at
// random; hashing keeps them as opaque and as long as Kestra's own ids.
// The derivation is part of the workflow's determinism: changing it breaks
// the replay of running executions (TestReplayRecordedHistories catches it),
// which is why it does not reuse kestra.NewID's encoder.
func taskRunID(executionID string, n int) string {
	h := sha256.New()
	h.Write([]byte(executionID))
	var b [8]byte
	binary.BigEndian.PutUint64(b[:], uint64(n))
	h.Write(b[:])
	sum := h.Sum(nil)
	num := new(big.Int).SetBytes(sum[:16])
	out := make([]byte, 0, 22)
	base, mod := big.NewInt(62), new(big.Int)
	for num.Sign() > 0 && len(out) < 22 {
		num.DivMod(num, base, mod)
		out = append(out, base62[mod.Int64()])
	}
	return string(out)
}
