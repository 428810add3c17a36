// Settings → "Clear usage history": asks the background, says so, and shows its error otherwise.
import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { UsageHistoryCard } from '@/components/settings/UsageHistoryCard';
import { createFakeClient, fail } from '../../helpers/fake-client';
import { renderWithAccount } from '../../helpers/render';

describe('Clear usage history', () => {
  it('clears through the background and confirms', async () => {
    const user = userEvent.setup();
    const { client } = renderWithAccount(<UsageHistoryCard />);
    const button = screen.getByRole('button', { name: 'Clear usage history' });
    expect(button.getAttribute('aria-describedby')).toBe(screen.getByText(/this browser records your credit figures/).id);
    await user.click(button);
    expect(client.clearUsageHistory).toHaveBeenCalledTimes(1);
    expect(await screen.findByText('Usage history cleared.')).toBeTruthy();
  });

  it('a failure is shown', async () => {
    const user = userEvent.setup();
    renderWithAccount(<UsageHistoryCard />, createFakeClient({ clearUsageHistory: async () => fail({ message: 'The KalshiBook extension is not responding.' }) }));
    await user.click(screen.getByRole('button', { name: 'Clear usage history' }));
    expect(await screen.findByText('The KalshiBook extension is not responding.')).toBeTruthy();
  });
});
