import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect } from 'storybook/test';
import { useTickets } from '../src';

function TitleList() {
  const { data } = useTickets({ limit: 3 });
  return (
    <ul aria-label="Tickets">
      {data?.pages.flatMap((p) => p.tickets).map((t) => (
        <li key={t.id}>{t.title}</li>
      ))}
    </ul>
  );
}

const meta = { title: 'Internal/Harness', component: TitleList } satisfies Meta<typeof TitleList>;
export default meta;

export const LoadsThroughMsw: StoryObj<typeof meta> = {
  play: async ({ canvas }) => {
    const items = await canvas.findAllByRole('listitem', {}, { timeout: 5000 });
    await expect(items).toHaveLength(3);
  },
};
