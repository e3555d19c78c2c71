package casework

// VaultKind says whose vault it is: a school's (empty) or a county's.
type VaultKind string

// VaultCounty is the kind of a county's roll-up vault (县（区）汇总库).
const VaultCounty VaultKind = "county"

// CountySchool is one school of a county's list (docs/DOMAIN.md "County
// roll-up"). PublicKey is the school's signing key (base64 Ed25519),
// registered with its first package or typed from its fingerprint.
type CountySchool struct {
	Code      string `json:"code"`
	Name      string `json:"name"`
	Stage     Stage  `json:"stage,omitempty"`
	Contact   string `json:"contact,omitempty"`
	PublicKey string `json:"public_key,omitempty"`
	Active    bool   `json:"active"`
}
