; Chinese texts of the Windows installer and uninstaller (included by packaging/windows/installer.nsi).
; UTF-8; makensis is run with -INPUTCHARSET UTF8. $DataDir is the user's data folder, filled in at run time.
!define TEXT_WELCOME_TITLE "欢迎安装联动监督问题清单管理系统"
!define TEXT_WELCOME "本程序用于管理联动监督中发现的问题：问题清单、交办、整改进展、销号、满意度测评和台账。$\r$\n$\r$\n不需要网络，也不需要另外安装 Python、Word 或 WPS。$\r$\n$\r$\n如果电脑上已经装有旧版本，直接安装即可升级，原有数据不受影响。$\r$\n$\r$\n点击“下一步”继续。"
!define TEXT_FINISH_RUN "立即启动联动监督问题清单管理系统"
!define TEXT_SHORTCUT_DESKTOP "联动监督问题清单"
!define TEXT_UNINSTALL_SHORTCUT "卸载联动监督问题清单管理系统"
!define TEXT_DETAIL_COMPILE "正在准备程序文件……"
!define TEXT_DETAIL_OLD "正在移除旧版本的程序文件（数据不受影响）……"
!define TEXT_REBOOT "需要重新启动电脑才能完成安装。现在重新启动吗？"
!define TEXT_UN_CONFIRM "将从本机删除联动监督问题清单管理系统的程序文件和快捷方式。$\r$\n$\r$\n您的数据（问题清单数据库、备份和佐证材料）不会被删除。"
!define TEXT_UN_DATA_KEPT_TITLE "程序已卸载，数据已保留"
!define TEXT_UN_DATA_KEPT "您的数据没有删除，仍保存在：$\r$\n$DataDir$\r$\n$\r$\n以后重新安装本程序会自动继续使用这些数据。换新电脑时，把这个文件夹整个复制到新电脑的同一位置即可。如果确定不再需要，可以手动删除这个文件夹。"
!define TEXT_UN_DETAIL_DATA "数据文件夹已保留："
