import type { ApiKeyView, CreatedApiKey } from '@hangar/contracts';
import { PlusOutlined } from '@ant-design/icons';
import { Alert, Button, Form, Input, Modal, Popconfirm, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useApi } from '../../api/api-context';
import { usePoll } from '../../api/use-poll';
import { useI18n } from '../../i18n/use-i18n';
import { ErrorAlert } from '../../shared/ErrorAlert';
import { formatTime } from '../../shared/format';

/** API keys: create (the secret is shown once, with a copy button), revoke. */
export function KeysPage() {
  const client = useApi();
  const { t, language } = useI18n();
  const state = usePoll(() => client.listKeys(), 10_000);
  const [isCreating, setIsCreating] = useState(false);
  const [created, setCreated] = useState<CreatedApiKey>();
  const [error, setError] = useState<unknown>();
  const [isBusy, setIsBusy] = useState(false);

  const create = async ({ name }: { name: string }) => {
    setIsBusy(true);
    setError(undefined);
    try {
      setCreated(await client.createKey({ name: name.trim() }));
      state.reload();
    } catch (caught) {
      setError(caught);
    } finally {
      setIsBusy(false);
    }
  };
  const revoke = async (id: string) => {
    try {
      await client.revokeKey(id);
    } catch (caught) {
      setError(caught);
    }
    state.reload();
  };
  const close = () => {
    setIsCreating(false);
    setCreated(undefined);
    setError(undefined);
  };

  return (
    <>
      <Space style={{ width: '100%', justifyContent: 'space-between', marginBottom: 16 }}>
        <Typography.Title level={1} style={{ fontSize: 22, margin: 0 }}>
          {t('nav.keys')}
        </Typography.Title>
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setIsCreating(true)}>
          {t('keys.create')}
        </Button>
      </Space>
      <ErrorAlert error={!isCreating ? (error ?? state.error) : state.error} onRetry={state.reload} />
      <Table<ApiKeyView>
        rowKey="id"
        loading={state.isLoading}
        dataSource={state.data ?? []}
        scroll={{ x: 720 }}
        locale={{ emptyText: t('keys.empty') }}
        columns={[
          { title: t('common.name'), dataIndex: 'name' },
          { title: t('keys.prefix'), dataIndex: 'prefix', render: (value: string) => <code>{value}…</code> },
          {
            title: t('common.created'),
            dataIndex: 'createdAt',
            render: (value: string) => formatTime(value, language),
          },
          {
            title: t('keys.lastUsed'),
            dataIndex: 'lastUsedAt',
            render: (value: string | null) => formatTime(value, language),
          },
          {
            title: t('common.state'),
            dataIndex: 'revokedAt',
            render: (value: string | null) =>
              value ? <Tag>{t('keys.revoked')}</Tag> : <Tag color="success">{t('keys.active')}</Tag>,
          },
          {
            title: t('common.actions'),
            render: (_, key) =>
              !key.revokedAt && (
                <Popconfirm
                  title={t('keys.revokeConfirm', { name: key.name })}
                  okText={t('keys.revoke')}
                  cancelText={t('common.cancel')}
                  onConfirm={() => void revoke(key.id)}
                >
                  <Button size="small" danger>
                    {t('keys.revoke')}
                  </Button>
                </Popconfirm>
              ),
          },
        ]}
      />
      <Modal open={isCreating} title={t('keys.create')} footer={null} onCancel={close} destroyOnHidden>
        {created ? (
          <>
            <Alert type="warning" showIcon title={t('keys.shownOnce')} style={{ marginBottom: 12 }} />
            <Typography.Paragraph
              copyable={{ text: created.key, tooltips: [t('keys.copy'), t('keys.copied')] }}
              code
              data-testid="new-key"
            >
              {created.key}
            </Typography.Paragraph>
            <Button type="primary" onClick={close}>
              {t('keys.savedIt')}
            </Button>
          </>
        ) : (
          <Form<{ name: string }> layout="vertical" onFinish={(values) => void create(values)}>
            <ErrorAlert error={error} />
            <Form.Item
              label={t('common.name')}
              name="name"
              extra={t('keys.nameHint')}
              rules={[
                { required: true, whitespace: true, message: t('keys.nameRequired') },
                { pattern: /^[a-zA-Z0-9][a-zA-Z0-9._:-]*$/, message: t('deployments.nameInvalid') },
              ]}
            >
              <Input autoFocus />
            </Form.Item>
            <Button type="primary" htmlType="submit" loading={isBusy}>
              {t('keys.create')}
            </Button>
          </Form>
        )}
      </Modal>
    </>
  );
}
