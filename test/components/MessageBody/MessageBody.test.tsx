import { act, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import axe from 'axe-core';
import { createElement } from 'react';
import { hydrateRoot } from 'react-dom/client';
import { renderToString } from 'react-dom/server';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { htmlToReact, MessageBody, type AttachmentRef } from '../../../src/components/MessageBody';
import { loadEmailParts } from '../../../src/components/MessageBody/emailPartsLoader';

// Email history and the CSP pre-pass load on demand; these tests read the rendering once they have.
beforeAll(async () => {
  await loadEmailParts();
});

const renderAttachment = ({ id, kind, alt, children }: AttachmentRef) =>
  kind === 'image' ? (
    <img data-testid={`att-${id}`} src={`https://files.example/${id}.png`} alt={alt ?? ''} />
  ) : (
    <a data-testid={`att-${id}`} href={`https://files.example/${id}`}>
      {children}
    </a>
  );

describe('MessageBody', () => {
  it("keeps the writer's own text direction (Latin text in an RTL portal, Arabic in an LTR one)", () => {
    const { container } = render(<MessageBody body="Which plan are we on?" />);
    expect(container.querySelector('.dt-message-body')).toHaveAttribute('dir', 'auto');
  });

  describe('wide content', () => {
    it('puts the outermost email table in one keyboard-scrollable region; code wraps and needs no tab stop', () => {
      const html = '<table><tr><td><table><tr><td>nested layout</td></tr></table></td></tr></table><pre><code>a very long line</code></pre>';
      const { container } = render(<MessageBody body={html} format="html" />);
      const regions = container.querySelectorAll('.dt-message-body-scroll');
      expect(regions).toHaveLength(1);
      expect(regions[0]).toHaveAttribute('tabindex', '0');
      expect(regions[0]?.querySelectorAll('table')).toHaveLength(2);
      expect(container.querySelector('pre')).not.toHaveAttribute('tabindex');
    });
  });

  describe('format', () => {
    it('detects the format and exposes it', () => {
      const { container } = render(<MessageBody body="<p>Hi</p>" />);
      expect(container.firstElementChild).toHaveAttribute('data-format', 'html');
      expect(container.firstElementChild).toHaveClass('dt-message-body');
    });

    it('uses the format prop over detection', () => {
      render(<MessageBody body="**not bold**" format="text" />);
      expect(screen.getByText('**not bold**')).toBeInTheDocument();
    });

    it('adds the className', () => {
      const { container } = render(<MessageBody body="x" className="mine" />);
      expect(container.firstElementChild).toHaveClass('dt-message-body', 'mine');
    });
  });

  describe('plain text', () => {
    it('keeps line breaks as text in a container that shows them (no element per line)', () => {
      const { container } = render(<MessageBody body={'Line one\nLine two\r\nLine three'} format="text" />);
      const root = container.firstElementChild!;
      expect(root).toHaveAttribute('data-plain');
      expect(root.querySelectorAll('br')).toHaveLength(0);
      expect(root.textContent!.split(/\r?\n/)).toEqual(['Line one', 'Line two', 'Line three']);
    });

    it('autolinks http(s) URLs safely and leaves the rest as text', () => {
      render(<MessageBody body="Logs at https://status.example.com/x?a=1&b=2. Not javascript:alert(1) or <b>tags</b>" format="text" />);
      const link = screen.getByRole('link', { name: 'https://status.example.com/x?a=1&b=2' });
      expect(link).toHaveAttribute('href', 'https://status.example.com/x?a=1&b=2');
      expect(link).toHaveAttribute('target', '_blank');
      expect(link).toHaveAttribute('rel', 'noopener noreferrer');
      expect(screen.getAllByRole('link')).toHaveLength(1);
      expect(screen.getByText(/Not javascript:alert\(1\) or <b>tags<\/b>/)).toBeInTheDocument();
    });
  });

  describe('links', () => {
    it('opens external links in a new tab without opener or referrer', () => {
      render(<MessageBody body={'<a href="https://example.com/docs" target="_self" rel="opener">docs</a>'} format="html" />);
      const link = screen.getByRole('link', { name: 'docs' });
      expect(link).toHaveAttribute('target', '_blank');
      expect(link).toHaveAttribute('rel', 'noopener noreferrer');
    });

    it('keeps mailto: and tel: links in place', () => {
      render(<MessageBody body={'<a href="mailto:help@example.com">mail</a> <a href="tel:+15550100">call</a>'} format="html" />);
      expect(screen.getByRole('link', { name: 'mail' })).toHaveAttribute('href', 'mailto:help@example.com');
      expect(screen.getByRole('link', { name: 'call' })).not.toHaveAttribute('target');
    });

    it.each([
      'javascript:alert(1)',
      ' JaVaScRiPt:alert(1)',
      'java\tscript:alert(1)',
      'java&#x09;script:alert(1)',
      '&#106;avascript:alert(1)',
      '\u2028javascript:alert(1)',
      'vbscript:msgbox(1)',
      'data:text/html,<script>alert(1)</script>',
      '/relative/path',
      '//evil.example/x',
    ])('renders href=%j as text without a link', (href) => {
      const { container } = render(<MessageBody body={`<a href="${href}">click</a>`} format="html" />);
      expect(container.querySelector('a')).toBeNull();
      expect(container).toHaveTextContent('click');
    });
  });

  describe('attachments', () => {
    it('resolves attachment: images through renderAttachment', () => {
      const spy = vi.fn(renderAttachment);
      render(<MessageBody body={'<p><img src="attachment:att_1" alt="Screenshot"></p>'} renderAttachment={spy} />);
      expect(spy).toHaveBeenCalledWith({ id: 'att_1', kind: 'image', alt: 'Screenshot' });
      expect(screen.getByRole('img', { name: 'Screenshot' })).toHaveAttribute('src', 'https://files.example/att_1.png');
    });

    it('resolves attachment: links through renderAttachment with their content', () => {
      render(<MessageBody body="See [the **log**](attachment:att-2)" renderAttachment={renderAttachment} />);
      const link = screen.getByRole('link', { name: 'the log' });
      expect(link).toHaveAttribute('href', 'https://files.example/att-2');
      expect(link.querySelector('strong')).toHaveTextContent('log');
    });

    it('resolves markdown images', () => {
      render(<MessageBody body="![Error dialog](attachment:abc123)" renderAttachment={renderAttachment} />);
      expect(screen.getByTestId('att-abc123')).toHaveAttribute('alt', 'Error dialog');
    });

    it('falls back to the alt text and the link text without renderAttachment', () => {
      const { container } = render(<MessageBody body={'<img src="attachment:a1" alt="shot"> <a href="attachment:a2">report.pdf</a>'} format="html" />);
      expect(container.querySelector('.dt-message-body-attachment')).toHaveTextContent('shot');
      expect(container).toHaveTextContent('shot report.pdf');
      expect(container.querySelector('a, img')).toBeNull();
    });

    it.each(['attachment:../../etc/passwd', 'attachment://evil.example/x', 'attachment:a?b=1', 'attachment:'])(
      'never passes a spoofed reference (%j) to renderAttachment',
      (ref) => {
        const spy = vi.fn(renderAttachment);
        render(<MessageBody body={`<a href="${ref}">x</a><img src="${ref}">`} format="html" renderAttachment={spy} />);
        expect(spy).not.toHaveBeenCalled();
      },
    );
  });

  describe('images', () => {
    it('blocks remote images by default with a note from messages', () => {
      const { container } = render(
        <MessageBody body={'<img src="https://cdn.example/logo.png" alt="Logo">'} format="html" messages={{ remoteImageBlocked: 'Bild blockiert' }} />,
      );
      expect(container.querySelector('img')).toBeNull();
      expect(screen.getByText('Bild blockiert')).toHaveClass('dt-message-body-image-blocked');
    });

    it('drops 1×1 tracking pixels silently', () => {
      const { container } = render(<MessageBody body={'<p>Hi<img src="https://t.example/o.gif" width="1" height="1"></p>'} format="html" />);
      expect(container.firstElementChild!.textContent).toBe('Hi');
    });

    it('loads remote images with allowRemoteImages, without referrer', () => {
      render(<MessageBody body={'<img src="https://cdn.example/logo.png" alt="Logo" width="120" height="40px" style="x">'} format="html" allowRemoteImages />);
      const img = screen.getByRole('img', { name: 'Logo' });
      expect(img).toHaveAttribute('src', 'https://cdn.example/logo.png');
      expect(img).toHaveAttribute('referrerpolicy', 'no-referrer');
      expect(img).toHaveAttribute('width', '120');
      expect(img).not.toHaveAttribute('height');
      expect(img).not.toHaveAttribute('style');
    });

    it('keeps inline data: images of raster types only', () => {
      const { container } = render(
        <MessageBody
          body={'<img src="data:image/png;base64,iVBORw0KGgo=" alt="a"><img src="data:image/svg+xml;base64,PHN2Zz4=" alt="b"><img src="data:text/html;base64,PHA+" alt="c">'}
          format="html"
        />,
      );
      expect([...container.querySelectorAll('img')].map((i) => i.alt)).toEqual(['a']);
    });
  });

  describe('html', () => {
    it('keeps allowed structure and drops disallowed attributes', () => {
      const { container } = render(
        <MessageBody
          body={'<table style="x" class="y"><tr><td colspan="2" bgcolor="red">a</td></tr></table><ol start="4" type="a"><li>x</li></ol><font color="red">unwrapped</font>'}
          format="html"
        />,
      );
      expect(container.querySelector('td')!.outerHTML).toBe('<td colspan="2">a</td>');
      expect(container.querySelector('table')!.attributes).toHaveLength(0);
      expect(container.querySelector('ol')!.outerHTML).toBe('<ol start="4"><li>x</li></ol>');
      expect(container.querySelector('font')).toBeNull();
      expect(container).toHaveTextContent('unwrapped');
    });

    it('drops the head, styles and scripts of a full email document', () => {
      const { container } = render(
        <MessageBody body="<html><head><title>T</title><style>p{color:red}</style></head><body><p>Body</p><script>x()</script></body></html>" />,
      );
      expect(container.firstElementChild!.innerHTML).toBe('<p>Body</p>');
    });

    it('renders headings as h4–h6', () => {
      const { container } = render(<MessageBody body="<h1>a</h1><h2>b</h2><h3>c</h3>" format="html" />);
      expect([...container.firstElementChild!.children].map((e) => e.localName)).toEqual(['h4', 'h5', 'h6']);
    });

    it('exposes htmlToReact for custom layouts', () => {
      const { container } = render(<div>{htmlToReact('<p onclick="x()">Hi <a href="javascript:x()">there</a></p>')}</div>);
      expect(container.innerHTML).toBe('<div><p>Hi there</p></div>');
    });
  });

  describe('quoted text', () => {
    const gmail =
      '<div dir="ltr">Thanks, that fixed it.</div><br><div class="gmail_quote"><div class="gmail_attr">On Mon, Jun 3, 2024 Support wrote:</div><blockquote class="gmail_quote">Try clearing the cache.</blockquote></div>';

    it('collapses a Gmail quote behind a toggle', async () => {
      render(<MessageBody body={gmail} />);
      expect(screen.getByText('Thanks, that fixed it.')).toBeInTheDocument();
      expect(screen.queryByText('Try clearing the cache.')).toBeNull();
      const toggle = screen.getByRole('button', { name: 'Show quoted text' });
      expect(toggle).toHaveAttribute('aria-expanded', 'false');
      await userEvent.click(toggle);
      expect(screen.getByText('Try clearing the cache.')).toBeInTheDocument();
      expect(toggle).toHaveAttribute('aria-expanded', 'true');
      expect(toggle).toHaveAccessibleName('Hide quoted text');
      expect(toggle).toHaveAttribute('aria-controls', document.querySelector('.dt-message-body-quote-content')!.id);
    });

    it('is operable with the keyboard', async () => {
      const user = userEvent.setup();
      render(<MessageBody body={gmail} />);
      await user.tab();
      expect(screen.getByRole('button', { name: 'Show quoted text' })).toHaveFocus();
      await user.keyboard('{Enter}');
      expect(screen.getByRole('button', { name: 'Hide quoted text' })).toHaveAttribute('aria-expanded', 'true');
      await user.keyboard(' ');
      expect(screen.getByRole('button', { name: 'Show quoted text' })).toHaveAttribute('aria-expanded', 'false');
      expect(screen.queryByText('Try clearing the cache.')).toBeNull();
    });

    it('collapses Apple Mail / Thunderbird blockquote[type=cite]', () => {
      render(<MessageBody body={'<p>New</p><blockquote type="cite">Old</blockquote>'} />);
      expect(screen.queryByText('Old')).toBeNull();
      expect(screen.getByRole('button', { name: 'Show quoted text' })).toBeInTheDocument();
    });

    it('collapses everything after an Outlook marker', () => {
      render(<MessageBody body={'<div>New</div><div id="appendonsend"></div><hr><div id="divRplyFwdMsg"><b>From:</b> Support</div><div>Old</div>'} />);
      expect(screen.getByText('New')).toBeInTheDocument();
      expect(screen.queryByText('Old')).toBeNull();
      expect(screen.getAllByRole('button')).toHaveLength(1);
    });

    it('collapses a trailing "On … wrote:" quote in plain text', async () => {
      render(<MessageBody body={'Still broken.\n\nOn Tue, 4 Jun 2024 at 09:12, Support <help@example.com> wrote:\n> Please try again\n> now.\n'} format="text" />);
      expect(screen.getByText('Still broken.')).toBeInTheDocument();
      expect(screen.queryByText(/Please try again/)).toBeNull();
      await userEvent.click(screen.getByRole('button', { name: 'Show quoted text' }));
      expect(screen.getByText(/Please try again/)).toBeInTheDocument();
    });

    it('collapses a quote in markdown, including a wrapped attribution', () => {
      render(<MessageBody body={'**Still** broken.\n\nOn Tue, 4 Jun 2024 at 09:12, Support Team <help@example.com>\nwrote:\n> Please try again'} format="markdown" />);
      expect(screen.queryByText(/Please try again/)).toBeNull();
      expect(screen.queryByText(/wrote:/)).toBeNull();
      expect(screen.getByRole('button', { name: 'Show quoted text' })).toBeInTheDocument();
    });

    it('leaves quotes in the middle of a message alone', () => {
      const { container } = render(<MessageBody body={'You said:\n\n> it crashes\n\nCan you share the log?'} format="markdown" />);
      expect(screen.queryByRole('button')).toBeNull();
      expect(container.querySelector('blockquote')).toHaveTextContent('it crashes');
      expect(container).toHaveTextContent('Can you share the log?');
    });

    it('uses localised strings', () => {
      render(<MessageBody body={gmail} messages={{ showQuotedText: 'Zitat anzeigen', hideQuotedText: 'Zitat ausblenden' }} />);
      expect(screen.getByRole('button', { name: 'Zitat anzeigen' })).toBeInTheDocument();
    });
  });

  describe('memoisation', () => {
    it('parses a body once across re-renders', () => {
      const parse = vi.spyOn(DOMParser.prototype, 'parseFromString');
      const { rerender } = render(<MessageBody body="<p>x</p>" className="a" />);
      rerender(<MessageBody body="<p>x</p>" className="b" messages={{ showQuotedText: 'Show' }} />);
      rerender(<MessageBody body="<p>x</p>" className="c" messages={{ showQuotedText: 'Show' }} />);
      expect(parse).toHaveBeenCalledTimes(1);
      rerender(<MessageBody body="<p>y</p>" />);
      expect(parse).toHaveBeenCalledTimes(2);
      parse.mockRestore();
    });
  });

  describe('server rendering and hydration', () => {
    it('hydrates the plain-text fallback without a mismatch, then renders rich content', async () => {
      const body = '<p>Hello <b>world</b></p><p>second <a href="https://example.com">link</a></p>';
      const element = createElement(MessageBody, { body });
      const container = document.createElement('div');
      container.innerHTML = renderToString(element);
      document.body.append(container);
      expect(container.querySelector('b')).toBeNull();
      const errors: unknown[] = [];
      const consoleError = vi.spyOn(console, 'error').mockImplementation((...args) => errors.push(args));
      const root = await act(async () =>
        hydrateRoot(container, element, { onRecoverableError: (error) => errors.push(error) }),
      );
      expect(errors).toEqual([]);
      expect(container.querySelector('b')).toHaveTextContent('world');
      expect(container.querySelector('a')).toHaveAttribute('rel', 'noopener noreferrer');
      consoleError.mockRestore();
      act(() => root.unmount());
      container.remove();
    });
  });

  it('has no axe violations', async () => {
    const { container } = render(
      <MessageBody
        body={'# Title\n\nText with a [link](https://example.com) and ![chart](attachment:c1).\n\n- a\n- b\n\n| not a table |\n\nOn Mon, 3 Jun 2024 Ann wrote:\n> old'}
        renderAttachment={renderAttachment}
      />,
    );
    const results = await axe.run(container, { rules: { 'color-contrast': { enabled: false } } });
    expect(results.violations).toEqual([]);
  });
});
