"""Pages of the follow-up work: 总览, 月调度, 满意度测评, 今日提醒 and the settings dialog."""
