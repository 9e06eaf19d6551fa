/** The workspace owner the journey creates on first run; later specs sign in as them. */
export const OWNER = {
  workspaceName: 'PWBI',
  displayName: 'Ayu Lestari',
  email: 'ayu@pwbi.example',
  password: 'a-long-enough-password',
} as const;
