// Shared by the story files: per-story mock settings and a sized box to render into.
import type { Decorator } from '@storybook/react-vite';
import type { PortalStoryParameters } from '../../.storybook/portal';

export const MB = 1024 * 1024;
/** Generous: stories run as tests on a loaded 2-core CI machine. */
export const TIMEOUT = { timeout: 8000 };

/** `parameters` for a story's mock API and provider (see .storybook/portal.tsx). */
export const portal = (params: PortalStoryParameters) => ({ portal: params });

/** Failures in these stories are the UI's to handle, not the client's to retry. */
export const noClientRetry = { clientOptions: { retry: false as const } };

/**
 * Renders the story in a box: components that fill their parent (list,
 * thread, portal) need a size, forms a maximum width.
 */
export const box =
  (inlineSize: number | string, blockSize?: number | string): Decorator =>
  (Story) => (
    <div style={{ inlineSize, maxInlineSize: '100%', blockSize }}>
      <Story />
    </div>
  );
