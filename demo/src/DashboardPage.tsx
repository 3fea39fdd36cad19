import type { DemoUser } from './api';
import { Link } from './router';

const PROJECTS = [
  { name: 'storefront-web', region: 'eu-west-1', status: 'Healthy', deployed: '12 min ago' },
  { name: 'billing-api', region: 'us-east-1', status: 'Healthy', deployed: '2 h ago' },
  { name: 'data-pipeline', region: 'eu-west-1', status: 'Degraded', deployed: 'yesterday' },
];

/** A stand-in for the host product: the portal is one page of a bigger app. */
export function DashboardPage({ user, onOpenHelp }: { user: DemoUser; onOpenHelp: () => void }) {
  return (
    <div className="acme-page">
      <h1>Welcome back{user.name ? `, ${user.name.split(' ')[0]}` : ''}</h1>
      <div className="acme-stats">
        <div className="acme-card">
          <p className="acme-muted">Deployments this week</p>
          <p className="acme-stat">48</p>
        </div>
        <div className="acme-card">
          <p className="acme-muted">Requests today</p>
          <p className="acme-stat">1.2 M</p>
        </div>
        <div className="acme-card">
          <p className="acme-muted">Monthly spend</p>
          <p className="acme-stat">$312</p>
        </div>
      </div>
      <section className="acme-card" aria-labelledby="projects-title">
        <h2 id="projects-title">Projects</h2>
        <table className="acme-table">
          <thead>
            <tr>
              <th scope="col">Project</th>
              <th scope="col">Region</th>
              <th scope="col">Status</th>
              <th scope="col">Last deploy</th>
            </tr>
          </thead>
          <tbody>
            {PROJECTS.map((p) => (
              <tr key={p.name}>
                <th scope="row">{p.name}</th>
                <td>{p.region}</td>
                <td>
                  <span className="acme-pill" data-tone={p.status === 'Healthy' ? 'good' : 'warn'}>
                    {p.status}
                  </span>
                </td>
                <td>{p.deployed}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      <section className="acme-card acme-help-card" aria-labelledby="help-title">
        <h2 id="help-title">Need a hand?</h2>
        <p className="acme-muted">
          Our team answers within a few hours. The full <Link href="/support">Support</Link> page embeds{' '}
          <code>&lt;SupportPortal /&gt;</code>; the Help panel shows the same portal in a 380 px drawer.
        </p>
        <div className="acme-row">
          <Link href="/support/new" className="acme-button" data-variant="primary">
            Open a ticket
          </Link>
          <button type="button" className="acme-button" onClick={onOpenHelp}>
            Open the Help panel
          </button>
        </div>
      </section>
    </div>
  );
}
