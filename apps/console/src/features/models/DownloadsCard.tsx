import type { DownloadView } from '@hangar/contracts';
import { Card, Progress, Table } from 'antd';
import { useApi } from '../../api/api-context';
import { usePoll } from '../../api/use-poll';
import { useI18n } from '../../i18n/use-i18n';
import { formatBytes, formatDuration } from '../../shared/format';

const ACTIVE = new Set(['queued', 'downloading', 'verifying']);

/** Progress of model downloads (weights being fetched); hidden when there are none or the server has none. */
export function DownloadsCard({ onlyActive = false }: { onlyActive?: boolean }) {
  const client = useApi();
  const { t } = useI18n();
  // An older server has no downloads API: that reads as "no downloads", not as an error to show.
  const state = usePoll(() => client.listDownloads().catch(() => [] as DownloadView[]), 2000);
  const downloads = (state.data ?? []).filter((download) => !onlyActive || ACTIVE.has(download.state));
  if (downloads.length === 0) return null;
  return (
    <Card title={t('downloads.title')} style={{ marginBottom: 16 }}>
      <Table<DownloadView>
        rowKey="id"
        size="small"
        pagination={false}
        dataSource={downloads}
        scroll={{ x: 720 }}
        columns={[
          { title: t('downloads.repo'), render: (_, download) => `${download.source}: ${download.repo}` },
          { title: t('common.state'), dataIndex: 'state' },
          {
            title: t('downloads.progress'),
            render: (_, download) => (
              <>
                <Progress
                  size="small"
                  status={download.state === 'failed' ? 'exception' : undefined}
                  percent={
                    download.bytesTotal > 0 ? Math.floor((download.bytesDone / download.bytesTotal) * 100) : 0
                  }
                  aria-label={t('downloads.progress')}
                />
                {formatBytes(download.bytesDone)} / {formatBytes(download.bytesTotal)}
              </>
            ),
          },
          {
            title: t('downloads.speed'),
            render: (_, download) =>
              ACTIVE.has(download.state)
                ? `${formatBytes(download.bytesPerSecond)}/s · ${formatDuration(download.etaSeconds)}`
                : '—',
          },
          { title: t('common.message'), render: (_, download) => download.error?.message ?? '—' },
        ]}
      />
    </Card>
  );
}
