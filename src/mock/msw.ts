export const MOCK_PLACEHOLDER = true;
