import type { ModelView } from '@hangar/contracts';
import { PlusOutlined } from '@ant-design/icons';
import { App, Button, Form, Input, Modal, Popconfirm, Space, Table, Typography } from 'antd';
import { useState } from 'react';
import { useApi } from '../../api/api-context';
import { usePoll } from '../../api/use-poll';
import { useSession } from '../../app/session-context';
import { useI18n } from '../../i18n/use-i18n';
import { ErrorAlert } from '../../shared/ErrorAlert';
import { formatBytes, formatCount } from '../../shared/format';
import { DownloadsCard } from './DownloadsCard';

interface AddModelForm {
  path: string;
  name?: string;
}

/** Registered model files; add one by its path on the server, delete one no deployment uses. */
export function ModelsPage() {
  const client = useApi();
  const { t } = useI18n();
  const { user } = useSession();
  const { message } = App.useApp();
  const state = usePoll(() => client.listModels(), 10_000);
  const [isAdding, setIsAdding] = useState(false);
  const [error, setError] = useState<unknown>();
  const [isBusy, setIsBusy] = useState(false);
  const isAdmin = user.role === 'admin';

  const add = async (values: AddModelForm) => {
    setIsBusy(true);
    setError(undefined);
    try {
      await client.addModel({
        path: values.path.trim(),
        ...(values.name?.trim() ? { name: values.name.trim() } : {}),
      });
      setIsAdding(false);
      state.reload();
    } catch (caught) {
      setError(caught);
    } finally {
      setIsBusy(false);
    }
  };
  const remove = async (name: string) => {
    try {
      await client.deleteModel(name);
      state.reload();
    } catch (caught) {
      void message.error((caught as Error).message);
    }
  };

  return (
    <>
      <Space style={{ width: '100%', justifyContent: 'space-between', marginBottom: 16 }}>
        <Typography.Title level={1} style={{ fontSize: 22, margin: 0 }}>
          {t('nav.models')}
        </Typography.Title>
        {isAdmin && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setIsAdding(true)}>
            {t('models.add')}
          </Button>
        )}
      </Space>
      <ErrorAlert error={state.error} onRetry={state.reload} />
      <DownloadsCard />
      <Table<ModelView>
        rowKey="id"
        loading={state.isLoading}
        dataSource={state.data ?? []}
        scroll={{ x: 800 }}
        locale={{ emptyText: t('models.empty') }}
        columns={[
          { title: t('common.name'), dataIndex: 'name' },
          { title: t('models.architecture'), dataIndex: 'architecture' },
          {
            title: t('models.format'),
            render: (_, model) => `${model.format}${model.quantization ? ` · ${model.quantization}` : ''}`,
          },
          {
            title: t('models.parameters'),
            dataIndex: 'parameterCount',
            render: (value: number | null) => formatCount(value),
          },
          { title: t('models.size'), dataIndex: 'sizeBytes', render: (value: number) => formatBytes(value) },
          {
            title: t('models.context'),
            dataIndex: 'contextTokens',
            render: (value: number | null) => formatCount(value),
          },
          { title: t('models.path'), dataIndex: 'path', ellipsis: true },
          {
            title: t('common.actions'),
            render: (_, model) =>
              isAdmin && (
                <Popconfirm
                  title={t('models.deleteConfirm', { name: model.name })}
                  okText={t('common.delete')}
                  cancelText={t('common.cancel')}
                  onConfirm={() => void remove(model.name)}
                >
                  <Button size="small" danger>
                    {t('common.delete')}
                  </Button>
                </Popconfirm>
              ),
          },
        ]}
      />
      <Modal
        open={isAdding}
        title={t('models.add')}
        footer={null}
        onCancel={() => setIsAdding(false)}
        destroyOnHidden
      >
        <ErrorAlert error={error} />
        <Form<AddModelForm> layout="vertical" onFinish={(values) => void add(values)}>
          <Form.Item
            label={t('models.path')}
            name="path"
            extra={t('models.pathHint')}
            rules={[{ required: true, whitespace: true, message: t('models.pathRequired') }]}
          >
            <Input placeholder="/data/models/DeepSeek-R1-Distill-Qwen-7B-Q4_K_M.gguf" />
          </Form.Item>
          <Form.Item
            label={t('deployments.name')}
            name="name"
            rules={[{ pattern: /^[a-zA-Z0-9][a-zA-Z0-9._:-]*$/, message: t('deployments.nameInvalid') }]}
          >
            <Input />
          </Form.Item>
          <Button type="primary" htmlType="submit" loading={isBusy}>
            {t('models.add')}
          </Button>
        </Form>
      </Modal>
    </>
  );
}
