import { render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { MessageBody } from '../../../src/components/MessageBody';
import { getEmailParts } from '../../../src/components/MessageBody/emailPartsLoader';

// This file never loads the parts up front: it sees what a first message shows while they load.
const EMAIL =
  '<p>Thanks, it works: <b>https://example.com/fixed</b></p><div class="gmail_quote"><div class="gmail_attr">On Mon, 3 Jun 2024 at 10:02, Sam &lt;sam@example.com&gt; wrote:</div><blockquote>Old question</blockquote></div>';

describe('MessageBody before its email parts have loaded', () => {
  it('shows it as plain text at once (link working), then rich with the history collapsed', async () => {
    expect(getEmailParts()).toBeUndefined();
    const { container } = render(<MessageBody body={EMAIL} format="html" />);
    const root = container.firstElementChild!;
    // Plain text meanwhile, as on the server: the words and a usable link.
    expect(root).toHaveAttribute('data-plain');
    expect(root).toHaveTextContent('Thanks, it works');
    expect(screen.getByRole('link', { name: 'https://example.com/fixed' })).toHaveAttribute('href', 'https://example.com/fixed');

    // The parts arrive: the same message, rich.
    await waitFor(() => expect(root).not.toHaveAttribute('data-plain'));
    expect(getEmailParts()).toBeDefined();
    expect(root.querySelector('b')).toHaveTextContent('https://example.com/fixed');
    expect(root).not.toHaveTextContent('Old question');
    await userEvent.click(screen.getByRole('button', { name: 'Show quoted text' }));
    expect(root).toHaveTextContent('Old question');
  });
});
