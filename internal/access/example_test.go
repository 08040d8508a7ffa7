package access_test

import (
	"encoding/json"
	"fmt"

	"github.com/callscope/callscope/internal/access"
	"github.com/callscope/callscope/internal/model"
)

func ExampleMaskPhone() {
	fmt.Println(access.MaskPhone("+15552823123", 3))
	fmt.Println(access.MaskPhone("+1 555 282 3123", 4))
	fmt.Println(access.MaskPhone("+12345678***", 3))
	// Output:
	// +15552823***
	// +1 555 282 ****
	// +12345678***
}

func ExampleParseRole() {
	r, _ := access.ParseRole("Tier1")
	fmt.Println(r, r.Can(access.SeeAdvanced))
	_, err := access.ParseRole("root")
	fmt.Println(err)
	// Output:
	// specialist false
	// unknown role "root": want admin, engineer (tier2) or specialist (tier1)
}

// A helpdesk specialist looks up Alice: Alice's name stays, Bob becomes
// "Internal User", the PSTN caller's number is masked, and nobody's
// object id is shown.
func ExamplePolicy_RedactCall() {
	const contoso = "11111111-aaaa-4aaa-8aaa-111111111111"
	user := func(id, name string) *model.IdentitySet {
		return &model.IdentitySet{User: &model.Identity{ID: model.Some(id), DisplayName: model.Some(name), TenantID: model.Some(contoso)}}
	}
	call := &model.Call{
		ID: "c1", Version: 1,
		ParticipantsV2: []*model.CallParticipant{
			{ID: model.Some("alice-oid"), Identity: user("alice-oid", "Alice")},
			{ID: model.Some("bob-oid"), Identity: user("bob-oid", "Bob")},
			{ID: model.Some("+15551234567"), Identity: &model.IdentitySet{Phone: &model.Identity{ID: model.Some("+15551234567")}}},
		},
	}
	policy := access.Policy{HomeTenantIDs: []string{contoso}}
	out := policy.RedactCall(call, access.Specialist, "ALICE-OID")
	for _, p := range out.ParticipantsV2 {
		b, _ := json.Marshal(p)
		fmt.Println(string(b))
	}
	// Output:
	// {"id":null,"identity":{"user":{"id":null,"displayName":"Alice","tenantId":"11111111-aaaa-4aaa-8aaa-111111111111"}}}
	// {"id":null,"identity":{"user":{"id":null,"displayName":"Internal User","tenantId":"11111111-aaaa-4aaa-8aaa-111111111111"}}}
	// {"id":"+15551234***","identity":{"phone":{"id":"+15551234***"}}}
}
