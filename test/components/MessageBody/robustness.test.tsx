import { render, screen, waitFor } from '@testing-library/react';
import { createRef } from 'react';
import userEvent from '@testing-library/user-event';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { MessageBody, type AttachmentRef } from '../../../src/components/MessageBody';
import { loadEmailParts } from '../../../src/components/MessageBody/emailPartsLoader';
import { defuseHtml, MAX_TAG_DEPTH } from '../../../src/components/MessageBody/defuseHtml';
import { MAX_ELEMENTS } from '../../../src/components/MessageBody/htmlToReact';
import { emailFixtures } from '../../fixtures/emails';
import { normalize, visibleText } from '../../utils/messageText';

// Email history and the CSP pre-pass load on demand; these tests read the rendering once they have.
beforeAll(async () => {
  await loadEmailParts();
});

const GMAIL = 'Thanks!<div class="gmail_quote"><div class="gmail_attr">On Mon, 3 Jun 2024 at 10:02, Sam &lt;sam@example.com&gt; wrote:</div><blockquote>Old</blockquote></div>';

function Thread({ failing }: { failing: boolean }) {
  const renderAttachment = ({ id }: AttachmentRef) => {
    // A host renderer that breaks on one file: only the message showing it may suffer.
    if (failing) throw new Error(`cannot render ${id}`);
    return <span>file {id}</span>;
  };
  return (
    <div>
      <article data-testid="first">
        <MessageBody body={GMAIL} />
      </article>
      <article data-testid="second">
        <MessageBody body={'See the log:\n\n![trace](attachment:att_1)\n\nAnn'} format="markdown" renderAttachment={renderAttachment} onError={onError} />
      </article>
      <label>
        Your reply <textarea />
      </label>
    </div>
  );
}
const onError = vi.fn();

describe('a message that fails to render', () => {
  it('shows its own plain text and reports to onError; everything around it stays mounted with its state', async () => {
    const consoleError = vi.spyOn(console, 'error').mockImplementation(() => {});
    const { rerender } = render(<Thread failing={false} />);
    const user = userEvent.setup();
    await user.click(screen.getByRole('button', { name: 'Show quoted text' }));
    await user.type(screen.getByRole('textbox', { name: 'Your reply' }), 'half-written');
    const first = screen.getByTestId('first').firstElementChild;
    expect(screen.getByText('file att_1')).toBeInTheDocument();

    rerender(<Thread failing />);

    const second = screen.getByTestId('second').firstElementChild!;
    expect(second).toHaveAttribute('data-fallback');
    expect(second).toHaveTextContent('See the log:');
    expect(second).toHaveTextContent('Ann');
    expect(onError).toHaveBeenCalledTimes(1);
    expect(onError.mock.calls[0]![0]).toEqual(new Error('cannot render att_1'));
    expect(onError.mock.calls[0]![1]).toMatchObject({ format: 'markdown' });
    // The same nodes, the same state: nothing else was unmounted.
    expect(screen.getByTestId('first').firstElementChild).toBe(first);
    expect(screen.getByRole('button', { name: 'Hide quoted text' })).toHaveAttribute('aria-expanded', 'true');
    expect(screen.getByRole('textbox', { name: 'Your reply' })).toHaveValue('half-written');

    // Fixed host code gets a fresh try.
    rerender(<Thread failing={false} />);
    expect(screen.getByTestId('second').firstElementChild).not.toHaveAttribute('data-fallback');
    expect(screen.getByText('file att_1')).toBeInTheDocument();
    consoleError.mockRestore();
  });

  it('keeps the host’s root props and ref on its plain-text fallback', () => {
    const consoleError = vi.spyOn(console, 'error').mockImplementation(() => {});
    const ref = createRef<HTMLDivElement>();
    const fail = (): never => {
      throw new Error('broken renderer');
    };
    render(<MessageBody ref={ref} id="reply-7" aria-label="Reply from Ann" body="See ![log](attachment:att_1)" renderAttachment={fail} />);
    expect(ref.current).toHaveAttribute('data-fallback');
    expect(ref.current).toHaveAttribute('id', 'reply-7');
    expect(ref.current).toHaveAttribute('aria-label', 'Reply from Ann');
    consoleError.mockRestore();
  });
});

describe('caps', () => {
  it('renders past MAX_ELEMENTS as plain text, losing no words', () => {
    const rows = Array.from({ length: MAX_ELEMENTS }, (_, i) => `<p>row ${i} <b>bold</b></p>`).join('');
    const { container } = render(<MessageBody body={rows} format="html" />);
    const root = container.firstElementChild!;
    // The allowance, plus the plain-text container and its blocks.
    expect(root.querySelectorAll('*').length).toBeLessThanOrEqual(MAX_ELEMENTS + 5);
    const rest = root.querySelector('.dt-message-body-plain')!;
    expect(rest).toHaveTextContent(`row ${MAX_ELEMENTS - 1} bold`);
    expect(normalize(root.textContent!)).toContain('row 0 bold');
  });

  it('shows a body nested deeper than the engine renders as plain text, with everything in it', async () => {
    const { container } = render(<MessageBody body={`${'- '.repeat(500)}the end`} format="markdown" />);
    // Once the engine has loaded, the nesting check sends the body to plain text.
    expect(await screen.findByText(/the end$/)).toBeInTheDocument();
    await waitFor(() => expect(container.firstElementChild).toHaveAttribute('data-plain'));
    expect(container.querySelector('ul')).toBeNull();
  });
});

describe('defuseHtml (no CSP reports from parsing email)', () => {
  it('drops <style> elements and on* handlers and renames style, touching nothing else', () => {
    expect(defuseHtml('<p style="color:red" onclick="x()" title="a>b">Hi<style>p{}</style> there</p>')).toBe(
      '<p data-dt-style="color:red" title="a>b">Hi there</p>',
    );
    expect(defuseHtml('<IMG SRC=x ONERROR=alert(1) STYLE=a>')).toBe('<img SRC=x data-dt-style=a>');
    expect(defuseHtml('<svg><style>a{}</style><rect style="x"/></svg>')).toBe('<svg><rect data-dt-style="x"/></svg>');
  });

  it('leaves text, comments and raw-text content alone', () => {
    const inert = 'a < b <!-- <p style="x"> --> <textarea><b style="x"></textarea> <script>"<style>"</script> done';
    expect(defuseHtml(inert)).toBe(inert);
  });

  it(`drops tags nested deeper than ${MAX_TAG_DEPTH} with their end tags, keeping the text`, () => {
    const deep = `${'<div>'.repeat(MAX_TAG_DEPTH + 10)}x${'</div>'.repeat(MAX_TAG_DEPTH + 10)}`;
    const out = defuseHtml(deep);
    expect(out).toBe(`${'<div>'.repeat(MAX_TAG_DEPTH)}x${'</div>'.repeat(MAX_TAG_DEPTH)}`);
  });
});

describe('quoted email history: real-shaped emails', () => {
  it('has 60+ fixtures in 8+ languages, text and HTML', () => {
    expect(emailFixtures.length).toBeGreaterThanOrEqual(60);
    expect(new Set(emailFixtures.map((f) => f.lang)).size).toBeGreaterThanOrEqual(8);
    expect(new Set(emailFixtures.map((f) => f.format))).toEqual(new Set(['text', 'html', 'markdown']));
  });

  it.each(emailFixtures.map((f) => [f.id, f] as const))('%s: shows exactly the sender’s part', async (_id, fixture) => {
    const { container } = render(<MessageBody body={fixture.body} format={fixture.format} />);
    const root = container.firstElementChild!;
    expect(visibleText(root)).toBe(normalize(fixture.visible));
    const toggle = screen.queryByRole('button', { name: 'Show quoted text' });
    expect(!!toggle).toBe(fixture.collapsed);
    if (toggle) {
      // Collapsed, not lost: opening it shows the rest.
      await userEvent.click(toggle);
      expect(visibleText(root).length).toBeGreaterThan(normalize(fixture.visible).length);
    }
  });
});
