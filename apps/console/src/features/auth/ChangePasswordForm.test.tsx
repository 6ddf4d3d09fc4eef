import { act, cleanup, fireEvent, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { fakeClient, renderConsole } from '../../testing/render-console';
import { ChangePasswordForm } from './ChangePasswordForm';

afterEach(cleanup);

const fill = (label: string, value: string) =>
  fireEvent.change(screen.getByLabelText(label), { target: { value } });

describe('ChangePasswordForm', { timeout: 30_000 }, () => {
  it('refuses a mismatched repeat in Chinese without calling the server', async () => {
    const { client, requests } = fakeClient(() => new Response(null, { status: 204 }));
    renderConsole(<ChangePasswordForm onChanged={() => undefined} />, { client, language: 'zh-CN' });
    fill('当前密码', 'old-password');
    fill('新密码', 'new-password-1');
    fill('确认新密码', 'new-password-2');
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: /修改密码/ }));
    });
    expect(await screen.findByText('两次输入的新密码不一致')).toBeTruthy();
    expect(requests).toHaveLength(0);
  });

  it('sends a valid change and reports success', async () => {
    const onChanged = vi.fn();
    const { client, requests } = fakeClient(() => new Response(null, { status: 204 }));
    renderConsole(<ChangePasswordForm onChanged={onChanged} />, { client });
    fill('Current password', 'old-password');
    fill('New password', 'new-password-1');
    fill('Repeat the new password', 'new-password-1');
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: /Change password/ }));
    });
    await vi.waitFor(() => expect(onChanged).toHaveBeenCalled());
    expect(requests[0]).toEqual({
      url: 'http://console.test/api/auth/password',
      body: { currentPassword: 'old-password', newPassword: 'new-password-1' },
    });
  });
});
