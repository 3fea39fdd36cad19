// Ordinary bodies at benchmark sizes: what support teams and customers write.
import type { HostileBody } from '../../test/fixtures/hostile-bodies';

const fill = (n: number, unit: string, head = '', tail = '') => {
  let s = head;
  while (s.length + unit.length + tail.length <= n) s += unit;
  return s + tail;
};

const REPLY = `Hi Ann,

Thanks for the details. The export fails because the report has more than **10,000 rows** and the
*legacy* exporter stops there. Until the fix ships on ~~Friday~~ Monday:

1. Open **Reports → Exports** and pick \`CSV (streaming)\`.
2. Filter by month, see [the guide](https://docs.example.com/exports#streaming).
   - Large accounts: split by region first.
   - [x] Works for the Pro plan
   - [ ] Enterprise needs a flag from us
3. Run it again.

| Plan | Row limit | Streaming |
| --- | ---: | :-: |
| Starter | 10,000 | no |
| Pro | 1,000,000 | yes |

\`\`\`bash
curl -H "Authorization: Bearer $TOKEN" https://api.example.com/v1/exports?format=csv
\`\`\`

> If the file is empty, reply with the export id (it starts with \`exp_\`).

Best,
Sam — www.example.com/support or help@example.com

`;

const EMAIL_HTML = `<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="border-collapse:collapse;font-family:Segoe UI,Arial,sans-serif"><tr><td style="padding:12px 24px;background:#f4f6f8"><p class="MsoNormal" style="margin:0 0 8px 0;font-size:11pt">Hello team,</p><p class="MsoNormal" style="margin:0 0 8px 0;font-size:11pt">the <b>nightly export</b> for <a href="https://app.example.com/reports/42" style="color:#0563C1">report 42</a> failed again. Screenshot: <img src="https://cdn.example.com/s.png" width="600" height="300" alt="screenshot"></p><ul style="margin-top:0"><li>Started 02:00 CET</li><li>Failed after 14 min with <code>E_TIMEOUT</code></li></ul><table border="1" cellpadding="4" style="border-collapse:collapse"><tr><th style="text-align:left">Run</th><th style="text-align:right">Rows</th></tr><tr><td>Mon</td><td align="right">12,400</td></tr><tr><td>Tue</td><td align="right">13,050</td></tr></table></td></tr></table>`;

export const realisticBodies: HostileBody[] = [
  { name: 'support reply (markdown)', format: 'markdown', make: (n) => fill(n, REPLY) },
  {
    name: 'styled email with history (HTML)',
    format: 'html',
    make: (n) =>
      fill(
        n,
        `<div style="border:none;border-top:solid #E1E1E1 1.0pt;padding:3pt 0 0 0"><p class="MsoNormal"><b>From:</b> Ann &lt;ann@example.com&gt;<br><b>Sent:</b> Monday, June 3, 2024 10:02 AM<br><b>To:</b> Support<br><b>Subject:</b> RE: Export</p></div>${EMAIL_HTML}`,
        `<html><head><style>p.MsoNormal{margin:0}</style></head><body>${EMAIL_HTML}`,
        '</body></html>',
      ),
  },
  {
    name: 'plain-text email with quoted history',
    format: 'text',
    make: (n) =>
      fill(
        n,
        '> Could you try clearing the cache and exporting again? See https://docs.example.com/exports for details.\n> \n',
        'Thanks, that fixed it. The export works again.\n\nAnn\n\nOn Mon, 3 Jun 2024 at 10:02, Support Team <support@example.com> wrote:\n\n',
      ),
  },
];
