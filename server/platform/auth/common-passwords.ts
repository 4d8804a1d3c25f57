// Common passwords of 12 characters or more (shorter ones fail the length rule first), from the
// patterns that top public breach-corpus frequency lists: keyboard walks, repeated words,
// words with trailing digits.
const WORDS = [
  "password",
  "passw0rd",
  "qwerty",
  "iloveyou",
  "letmein",
  "welcome",
  "admin",
  "abc123",
  "monkey",
  "dragon",
  "football",
  "baseball",
  "sunshine",
  "princess",
  "master",
  "shadow",
  "superman",
  "trustno1",
  "starwars",
  "michael",
  "jennifer",
  "computer",
  "whatever",
  "changeme",
  "secret",
  "login",
  "hello",
  "freedom",
  "summer",
  "winter",
  "spring",
  "autumn",
];
const SUFFIXES = [
  "",
  "1",
  "12",
  "123",
  "1234",
  "12345",
  "123456",
  "!",
  "1!",
  "2024",
  "2025",
  "2026",
  "2027",
];

const LITERALS = [
  "123456789012",
  "1234567890123",
  "12345678901234",
  "123123123123",
  "111111111111",
  "000000000000",
  "1q2w3e4r5t6y",
  "1qaz2wsx3edc",
  "qwertyuiop12",
  "qwerty123456",
  "qwertyuiopasdf",
  "asdfghjkl123",
  "zxcvbnm12345",
  "passwordpassword",
  "administrator",
  "administrator1",
  "letmeinletmein",
  "iloveyouiloveyou",
  "qazwsxedcrfv",
  "q1w2e3r4t5y6",
  "a1b2c3d4e5f6",
  "abcd1234abcd",
  "correcthorsebatterystaple",
  "changemechangeme",
  "welcome12345",
  "password1234",
  "password12345",
  "password123456",
  "p@ssw0rd1234",
];

function build(): Set<string> {
  const set = new Set(LITERALS);
  for (const word of WORDS) {
    for (const suffix of SUFFIXES) {
      set.add(word + suffix);
      set.add(word + word + suffix);
    }
  }
  return set;
}

/** Lower-case common passwords; the policy compares case-insensitively. */
export const COMMON_PASSWORDS: ReadonlySet<string> = build();
