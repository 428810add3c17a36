import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useState } from 'react';
import { describe, expect, it } from 'vitest';
import { Dialog } from '@/components/ui/dialog';

function Harness() {
  const [open, setOpen] = useState(false);
  return (
    <>
      <button onClick={() => setOpen(true)}>Open</button>
      <Dialog open={open} onClose={() => setOpen(false)} title="Revoke API Key" role="alertdialog">
        <p>secret-content</p>
        <button onClick={() => setOpen(false)}>Cancel</button>
      </Dialog>
    </>
  );
}

describe('Dialog', () => {
  it('mounts its content only while open and closes on Escape', async () => {
    const user = userEvent.setup();
    render(<Harness />);
    expect(screen.queryByText('secret-content')).toBeNull();
    await user.click(screen.getByRole('button', { name: 'Open' }));
    expect(screen.getByRole('alertdialog', { name: 'Revoke API Key' })).toBeTruthy();
    await user.keyboard('{Escape}');
    expect(screen.queryByText('secret-content')).toBeNull();
  });
});
