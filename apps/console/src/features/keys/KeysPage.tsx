import type { ApiKeyView, CreatedApiKey } from '@hangar/contracts';
import { PlusOutlined } from '@ant-design/icons';
import { Alert, Button, Modal, Popconfirm, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useApi } from '../../api/api-context';
import { usePoll } from '../../api/use-poll';
import { useI18n } from '../../i18n/use-i18n';
import { ErrorAlert } from '../../shared/ErrorAlert';
import { LimitsSummary } from '../../shared/LimitsSummary';
import { formatTime } from '../../shared/format';
import { useSubmit } from '../../shared/use-submit';
import { KeyForm } from './KeyForm';
import {
  isExpired,
  toCreateKeyRequest,
  toKeyFormValues,
  toUpdateKeyRequest,
  type KeyFormValues,
} from './key-form';

/** API keys: create with limits, allowed models and expiry (the secret is shown once), edit those, revoke. */
export function KeysPage() {
  const client = useApi();
  const { t, language } = useI18n();
  const state = usePoll(() => client.listKeys(), 10_000);
  const [isCreating, setIsCreating] = useState(false);
  const [editing, setEditing] = useState<ApiKeyView>();
  const [created, setCreated] = useState<CreatedApiKey>();
  const [revokeError, setRevokeError] = useState<unknown>();
  const submit = useSubmit();

  const create = async (values: KeyFormValues) => {
    await submit.run(async () => {
      setCreated(await client.createKey(toCreateKeyRequest(values, new Date())));
      state.reload();
    });
  };
  const update = async (key: ApiKeyView, values: KeyFormValues) => {
    const isSaved = await submit.run(async () => {
      await client.updateKey(key.id, toUpdateKeyRequest(values, key, new Date()));
    });
    if (isSaved) close();
    state.reload();
  };
  const revoke = async (id: string) => {
    setRevokeError(undefined);
    try {
      await client.revokeKey(id);
    } catch (caught) {
      setRevokeError(caught);
    }
    state.reload();
  };
  const close = () => {
    setIsCreating(false);
    setEditing(undefined);
    setCreated(undefined);
    submit.clearError();
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
      <ErrorAlert error={revokeError ?? state.error} onRetry={state.reload} />
      <Table<ApiKeyView>
        rowKey="id"
        loading={state.isLoading}
        dataSource={state.data ?? []}
        scroll={{ x: 1200 }}
        locale={{ emptyText: t('keys.empty') }}
        columns={[
          { title: t('common.name'), dataIndex: 'name' },
          { title: t('keys.prefix'), dataIndex: 'prefix', render: (value: string) => <code>{value}…</code> },
          { title: t('users.limits'), render: (_, key) => <LimitsSummary limits={key.limits} /> },
          {
            title: t('keys.allowedModels'),
            render: (_, key) =>
              key.allowedModels?.length
                ? key.allowedModels.map((model) => <Tag key={model}>{model}</Tag>)
                : t('keys.allModels'),
          },
          {
            title: t('keys.expires'),
            render: (_, key) => (key.expiresAt ? formatTime(key.expiresAt, language) : t('keys.never')),
          },
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
            render: (_, key) =>
              key.revokedAt ? (
                <Tag>{t('keys.revoked')}</Tag>
              ) : isExpired(key, Date.now()) ? (
                <Tag color="warning">{t('keys.expired')}</Tag>
              ) : (
                <Tag color="success">{t('keys.active')}</Tag>
              ),
          },
          {
            title: t('common.actions'),
            render: (_, key) =>
              !key.revokedAt && (
                <Space>
                  <Button size="small" onClick={() => setEditing(key)}>
                    {t('common.edit')}
                  </Button>
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
                </Space>
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
          <KeyForm
            mode="create"
            error={submit.error}
            isBusy={submit.isBusy}
            onSubmit={(values) => void create(values)}
          />
        )}
      </Modal>
      <Modal
        open={editing !== undefined}
        title={t('keys.editTitle', { name: editing?.name ?? '' })}
        footer={null}
        onCancel={close}
        destroyOnHidden
      >
        {editing && (
          <KeyForm
            mode="edit"
            initialValues={toKeyFormValues(editing)}
            error={submit.error}
            isBusy={submit.isBusy}
            onSubmit={(values) => void update(editing, values)}
          />
        )}
      </Modal>
    </>
  );
}
