import { html } from 'htm/preact'
import { render } from 'preact'
import { useEffect, useState } from 'preact/hooks'
import 'uplot/dist/uPlot.min.css'
import './style.css'
import { client, saveToken, savedToken, unwrap, type Principal } from './session'
import { SignIn } from './views/sign-in'
import { Overview } from './views/overview'
import { HostView } from './views/host'
import { RulesetsView } from './views/rulesets'

/** Routes by location hash: `#/` overview, `#/hosts/<id>` drill-down, `#/rulesets` versions and diffs. */
function useRoute(): string {
  const [route, setRoute] = useState(location.hash.slice(1) || '/')
  useEffect(() => {
    const on = () => setRoute(location.hash.slice(1) || '/')
    addEventListener('hashchange', on)
    return () => removeEventListener('hashchange', on)
  }, [])
  return route
}

function App() {
  const [token, setToken] = useState(savedToken())
  const [me, setMe] = useState<Principal | null>(null)
  const [error, setError] = useState<string | null>(null)
  const route = useRoute()
  useEffect(() => {
    if (!token) return
    unwrap(client(token).GET('/api/v1/auth/whoami', {}))
      .then(setMe)
      .catch((e: Error) => {
        saveToken(null)
        setToken(null)
        setError(e.message)
      })
  }, [token])
  const signIn = (t: string) => {
    setError(null)
    saveToken(t)
    setToken(t)
  }
  if (!token || !me) return html`<${SignIn} onSignIn=${signIn} error=${error} />`
  const api = client(token)
  const host = /^\/hosts\/(.+)$/.exec(route)
  return html`
    <header>
      <a href="#/"><b>SmartCloudOps</b></a>
      <a href="#/rulesets" data-testid="nav-rulesets">Rulesets</a>
      <span data-testid="whoami">${me.name} (${me.role})</span>
      <button onClick=${() => (saveToken(null), setToken(null), setMe(null))}>Sign out</button>
    </header>
    <main>
      ${host
        ? html`<${HostView} api=${api} id=${decodeURIComponent(host[1]!)} />`
        : route === '/rulesets'
          ? html`<${RulesetsView} api=${api} />`
          : html`<${Overview} api=${api} me=${me} />`}
    </main>
  `
}

render(html`<${App} />`, document.getElementById('app')!)
