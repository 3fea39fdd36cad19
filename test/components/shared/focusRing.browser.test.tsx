import { afterEach, describe, expect, it } from 'vitest';
import { cdp, userEvent } from 'vitest/browser';
import '../../../src/styles/index.css';

afterEach(async () => {
  document.body.innerHTML = '';
  await cdp().send('Emulation.setEmulatedMedia', { features: [] });
});

describe('focus indicator', () => {
  it('stays visible in forced-colors mode, where box-shadow rings are dropped', async () => {
    await cdp().send('Emulation.setEmulatedMedia', { features: [{ name: 'forced-colors', value: 'active' }] });
    expect(matchMedia('(forced-colors: active)').matches).toBe(true);
    document.body.innerHTML = '<div class="dt-root"><button type="button" class="dt-button">Send</button></div>';
    const button = document.querySelector('button')!;

    await userEvent.tab();
    expect(button).toHaveFocus();
    expect(button.matches(':focus-visible')).toBe(true);
    const style = getComputedStyle(button);
    expect(style.outlineStyle).not.toBe('none');
    expect(parseFloat(style.outlineWidth)).toBeGreaterThan(0);
  });
});
