// app/support/sign-in/page.tsx: where the emailed link lands (/support/sign-in?token=…)
import { MagicLinkSignIn } from './MagicLinkSignIn';

export default function SignInPage() {
  return (
    <main style={{ height: '100dvh' }}>
      <MagicLinkSignIn />
    </main>
  );
}
