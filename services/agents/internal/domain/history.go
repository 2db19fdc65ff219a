package domain

// estimateTokens approximates the tokens of a text without a vocabulary:
// a token per 4 bytes, rounded up, plus 4 for the message's framing.
func estimateTokens(s string) int { return (len(s)+3)/4 + 4 }

// trimHistory keeps the newest complete turns of msgs (oldest first) that
// fit in budget tokens: the oldest are dropped first, a whole turn at a
// time (the kept history never starts with an answer to a dropped
// question). Failed answers and
// the user messages they answered are left out (no answer to learn from).
// The system part and the new message are never part of msgs, so never
// dropped.
func trimHistory(msgs []Message, budget int) []Turn {
	var keep []Turn
	used := 0
	for i := len(msgs) - 1; i >= 0; i-- {
		m := msgs[i]
		if m.Status == MessageFailed {
			if i > 0 && msgs[i-1].Role == RoleUser {
				i-- // its question goes too
			}
			continue
		}
		cost := estimateTokens(m.Content)
		if used+cost > budget {
			break
		}
		used += cost
		keep = append(keep, Turn{Role: m.Role, Content: m.Content})
	}
	// Whole turns only: an answer whose question did not fit goes too.
	for len(keep) > 0 && keep[len(keep)-1].Role == RoleAssistant {
		keep = keep[:len(keep)-1]
	}
	for i, j := 0, len(keep)-1; i < j; i, j = i+1, j-1 {
		keep[i], keep[j] = keep[j], keep[i]
	}
	return keep
}
