package workflow

import (
	"context"
	"fmt"

	"github.com/tiepdan/tiepdan/cases"
)

// The committee a session, visit or petition is recorded for (SPEC §10,
// cases/committee.go), and a petition sent up from another committee.

// committeeOf is the key of the committee c names, or the installation's
// one committee; a refusal when it names none of several, or no committee.
func committeeOf(ctx context.Context, c *cases.Command, look cases.Lookup) (string, error) {
	owns, err := look.OwnUnits(ctx)
	if err != nil {
		return "", fmt.Errorf("read the committees: %w", err)
	}
	return cases.CommitteeOf(c.Committee, owns)
}

// decidePetition checks a new petition's committee and, for one sent up
// from another committee (transferred_from), that the petition it names
// is recorded and another committee's.
func decidePetition(ctx context.Context, c *cases.Command, look cases.Lookup) error {
	committee, err := committeeOf(ctx, c, look)
	if err != nil {
		return err
	}
	if c.TransferredFrom == "" {
		return nil
	}
	from, err := look.Petition(ctx, c.TransferredFrom)
	if cases.ErrorCode(err) == cases.ENotFound {
		return notFoundError("transferred_from", "petition", c.TransferredFrom)
	}
	if err != nil {
		return fmt.Errorf("read petition %s: %w", c.TransferredFrom, err)
	}
	if from.Committee == committee {
		return cases.FieldErrorf("transferred_from", "petition %s is this committee's own", from.Ref)
	}
	return nil
}
