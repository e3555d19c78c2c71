package vault

// DecryptAll exposes the open path's decryption for the vector tests.
var DecryptAll = decryptAll
