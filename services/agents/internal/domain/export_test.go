package domain

// TrimHistory exposes trimHistory to the tests.
var TrimHistory = trimHistory

// EstimateTokens exposes estimateTokens to the tests.
var EstimateTokens = estimateTokens
