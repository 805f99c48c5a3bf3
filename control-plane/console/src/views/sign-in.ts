import { html } from 'htm/preact'
import { useState } from 'preact/hooks'

export function SignIn(props: { onSignIn: (token: string) => void; error: string | null }) {
  const [token, setToken] = useState('')
  return html`
    <main>
      <section>
        <h2>Sign in with an API token</h2>
        <form onSubmit=${(e: Event) => (e.preventDefault(), token.trim() && props.onSignIn(token.trim()))}>
          <label>API token<input name="token" type="password" size="60" value=${token} onInput=${(e: Event) => setToken((e.target as HTMLInputElement).value)} /></label>
          <button type="submit">Sign in</button>
        </form>
        ${props.error ? html`<p class="error" role="alert">${props.error}</p>` : null}
        <p>The token is kept in this tab's session storage only.</p>
      </section>
    </main>
  `
}
