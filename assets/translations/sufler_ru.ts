<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ru_RU">
    <context>
    <name>About</name>
    <message>
        <location filename="../../agent/ui/diagnostics_dialog.py" line="158" />
        <source>About Sufler</source>
        <translation>О программе Sufler</translation>
    </message>
    <message>
        <location filename="../../agent/ui/diagnostics_dialog.py" line="160" />
        <source>Sufler %1</source>
        <translation>Sufler %1</translation>
    </message>
    <message>
        <location filename="../../agent/ui/diagnostics_dialog.py" line="162" />
        <source>A call-center agent desk: phone, knowledge base and call notes.</source>
        <translation>Рабочее место оператора колл-центра: телефон, база знаний и заметки о звонках.</translation>
    </message>
</context><context>
    <name>ActionExecutor</name>
    <message>
        <location filename="../../agent/ui/actions.py" line="103" />
        <source>Calling %1 for a consultation…</source>
        <translation>Звоним: %1 — консультация…</translation>
    </message>
    <message>
        <location filename="../../agent/ui/actions.py" line="104" />
        <source>Transferring to %1…</source>
        <translation>Переводим: %1…</translation>
    </message>
    <message>
        <location filename="../../agent/ui/actions.py" line="113" />
        <source>another number</source>
        <translation>другой номер</translation>
    </message>
    <message>
        <location filename="../../agent/ui/actions.py" line="116" />
        <source>Transferred to %1 after a consultation</source>
        <translation>Переведён: %1 (после консультации)</translation>
    </message>
    <message>
        <location filename="../../agent/ui/actions.py" line="117" />
        <source>Transferred to %1</source>
        <translation>Переведён: %1</translation>
    </message>
    <message>
        <location filename="../../agent/ui/actions.py" line="119" />
        <source>The call was transferred to %1.</source>
        <translation>Звонок переведён: %1.</translation>
    </message>
    <message>
        <location filename="../../agent/ui/actions.py" line="122" />
        <source>Transfer to %1 failed: %2. The call stays with you.</source>
        <translation>Перевод не удался (%1): %2. Звонок остаётся у вас.</translation>
    </message>
    <message>
        <location filename="../../agent/ui/actions.py" line="143" />
        <source>There is no call for this action.</source>
        <translation>Нет звонка, к которому можно применить это действие.</translation>
    </message>
    <message>
        <location filename="../../agent/ui/actions.py" line="154" />
        <source>No number is set for “%1”. Ask IT to fill the department directory.</source>
        <translation>Для «%1» не задан номер. Попросите ИТ заполнить справочник отделов.</translation>
    </message>
    <message>
        <location filename="../../agent/ui/actions.py" line="164" />
        <source>The recording “%1” is not installed.</source>
        <translation>Запись «%1» не установлена.</translation>
    </message>
    <message>
        <location filename="../../agent/ui/actions.py" line="170" />
        <source>Unknown action: %1</source>
        <translation>Неизвестное действие: %1</translation>
    </message>
    <message>
        <location filename="../../agent/ui/actions.py" line="122" />
        <source>Transfer to %1: the call ended before the transfer was confirmed.</source>
        <translation>Перевод (%1): звонок завершился до подтверждения перевода.</translation>
    </message>
    <message>
        <location filename="../../agent/ui/actions.py" line="128" />
        <source>Transfer to %1 not confirmed: %2. If the caller is with them, hang up (%3); until then the call stays with you.</source>
        <translation>Перевод (%1) не подтверждён: %2. Если абонент уже там, завершите звонок (%3); до тех пор звонок остаётся у вас.</translation>
    </message>
</context><context>
    <name>ActionNames</name>
    <message>
        <location filename="../../agent/ui/editor/lists.py" line="281" />
        <source>Hold</source>
        <translation>Удержание</translation>
    </message>
    <message>
        <location filename="../../agent/ui/editor/lists.py" line="282" />
        <source>Transfer to a department</source>
        <translation>Перевод в отдел</translation>
    </message>
    <message>
        <location filename="../../agent/ui/editor/lists.py" line="283" />
        <source>Consult a department first</source>
        <translation>Сначала консультация с отделом</translation>
    </message>
    <message>
        <location filename="../../agent/ui/editor/lists.py" line="284" />
        <source>Play a recording</source>
        <translation>Проиграть запись</translation>
    </message>
    <message>
        <location filename="../../agent/ui/editor/lists.py" line="285" />
        <source>Complaint form</source>
        <translation>Форма жалобы</translation>
    </message>
    <message>
        <location filename="../../agent/ui/editor/lists.py" line="286" />
        <source>Schedule a callback</source>
        <translation>Назначить перезвон</translation>
    </message>
    <message>
        <location filename="../../agent/ui/editor/lists.py" line="287" />
        <source>Alert the supervisor</source>
        <translation>Позвать супервайзера</translation>
    </message>
    <message>
        <location filename="../../agent/ui/editor/lists.py" line="288" />
        <source>Hang up</source>
        <translation>Завершить звонок</translation>
    </message>
</context><context>
    <name>ActionRow</name>
    <message>
        <location filename="../../agent/ui/editor/lists.py" line="189" />
        <source>Action</source>
        <translation>Действие</translation>
    </message>
    <message>
        <location filename="../../agent/ui/editor/lists.py" line="193" />
        <source>Department</source>
        <translation>Отдел</translation>
    </message>
    <message>
        <location filename="../../agent/ui/editor/lists.py" line="197" />
        <source>Recording</source>
        <translation>Запись</translation>
    </message>
    <message>
        <location filename="../../agent/ui/editor/lists.py" line="200" />
        <source>then hang up</source>
        <translation>и завершить</translation>
    </message>
    <message>
        <location filename="../../agent/ui/editor/lists.py" line="203" />
        <location filename="../../agent/ui/editor/lists.py" line="202" />
        <source>Button text</source>
        <translation>Текст кнопки</translation>
    </message>
</context><context>
    <name>ActionsEditor</name>
    <message>
        <location filename="../../agent/ui/editor/lists.py" line="262" />
        <source>Add action</source>
        <translation>Добавить действие</translation>
    </message>
</context><context>
    <name>ActionsRow</name>
    <message>
        <location filename="../../agent/ui/article_panel.py" line="98" />
        <source>More actions (%1)</source>
        <translation>Ещё действия (%1)</translation>
    </message>
</context><context>
    <name>Alerts</name>
    <message>
        <location filename="../../agent/ui/supervisor/alerts.py" line="36" />
        <source>%1 is coming</source>
        <translation>%1 идёт</translation>
    </message>
    <message>
        <location filename="../../agent/ui/supervisor/alerts.py" line="37" />
        <source>%1: call me on line %2</source>
        <translation>%1: позвоните мне на линию %2</translation>
    </message>
    <message>
        <location filename="../../agent/ui/supervisor/alerts.py" line="38" />
        <source>%1 joins (consultation) on line %2</source>
        <translation>%1 подключается (консультация) с линии %2</translation>
    </message>
    <message>
        <location filename="../../agent/ui/supervisor/alerts.py" line="39" />
        <source>%1 joins (conference) on line %2</source>
        <translation>%1 подключается (конференция) с линии %2</translation>
    </message>
    <message>
        <location filename="../../agent/ui/supervisor/alerts.py" line="41" />
        <source>waiting for an answer</source>
        <translation>ждёт ответа</translation>
    </message>
</context><context>
    <name>AlertsPanel</name>
    <message>
        <location filename="../../agent/ui/supervisor/alerts.py" line="66" />
        <source>Raised hands</source>
        <translation>Поднятые руки</translation>
    </message>
    <message>
        <location filename="../../agent/ui/supervisor/alerts.py" line="148" />
        <location filename="../../agent/ui/supervisor/alerts.py" line="70" />
        <source>No raised hands.</source>
        <translation>Никто не просит помощи.</translation>
    </message>
    <message>
        <location filename="../../agent/ui/supervisor/alerts.py" line="80" />
        <source>My line:</source>
        <translation>Моя линия:</translation>
    </message>
    <message>
        <location filename="../../agent/ui/supervisor/alerts.py" line="83" />
        <source>My phone line</source>
        <translation>Мой номер телефона</translation>
    </message>
    <message>
        <location filename="../../agent/ui/supervisor/alerts.py" line="84" />
        <source>number or SIP address</source>
        <translation>номер или SIP-адрес</translation>
    </message>
    <message>
        <location filename="../../agent/ui/supervisor/alerts.py" line="88" />
        <source>I'm coming</source>
        <translation>Иду</translation>
    </message>
    <message>
        <location filename="../../agent/ui/supervisor/alerts.py" line="89" />
        <source>Call me on my line</source>
        <translation>Позвоните мне на мою линию</translation>
    </message>
    <message>
        <location filename="../../agent/ui/supervisor/alerts.py" line="90" />
        <source>Join: consultation</source>
        <translation>Подключиться: консультация</translation>
    </message>
    <message>
        <location filename="../../agent/ui/supervisor/alerts.py" line="91" />
        <source>Join: conference</source>
        <translation>Подключиться: конференция</translation>
    </message>
    <message>
        <location filename="../../agent/ui/supervisor/alerts.py" line="92" />
        <source>Close</source>
        <translation>Закрыть</translation>
    </message>
    <message>
        <location filename="../../agent/ui/supervisor/alerts.py" line="155" />
        <source>Operator: %1</source>
        <translation>Оператор: %1</translation>
    </message>
    <message>
        <location filename="../../agent/ui/supervisor/alerts.py" line="157" />
        <source>Raised %1 ago</source>
        <translation>Рука поднята %1 назад</translation>
    </message>
    <message>
        <location filename="../../agent/ui/supervisor/alerts.py" line="159" />
        <source>Article: %1</source>
        <translation>Статья: %1</translation>
    </message>
    <message>
        <location filename="../../agent/ui/supervisor/alerts.py" line="161" />
        <source>Call: %1 when the hand was raised</source>
        <translation>Звонок: %1 на момент просьбы</translation>
    </message>
    <message>
        <location filename="../../agent/ui/supervisor/alerts.py" line="164" />
        <source>caller on hold for %1</source>
        <translation>абонент на удержании %1</translation>
    </message>
    <message>
        <location filename="../../agent/ui/supervisor/alerts.py" line="168" />
        <source>No call in progress</source>
        <translation>Звонка нет</translation>
    </message>
    <message>
        <location filename="../../agent/ui/supervisor/alerts.py" line="171" />
        <source>Answer: %1</source>
        <translation>Ответ: %1</translation>
    </message>
</context><context>
    <name>App</name>
    <message>
        <location filename="../../agent/ui/app.py" line="99" />
        <source>Settings file ignored: %1</source>
        <translation>Файл настроек не применён: %1</translation>
    </message>
</context><context>
    <name>ArticleForm</name>
    <message>
        <location filename="../../agent/ui/editor/form.py" line="121" />
        <location filename="../../agent/ui/editor/form.py" line="79" />
        <location filename="../../agent/ui/editor/form.py" line="39" />
        <source>Slug</source>
        <translation>Идентификатор</translation>
    </message>
    <message>
        <location filename="../../agent/ui/editor/form.py" line="40" />
        <source>Kind</source>
        <translation>Тип</translation>
    </message>
    <message>
        <location filename="../../agent/ui/editor/form.py" line="41" />
        <source>Language</source>
        <translation>Язык</translation>
    </message>
    <message>
        <location filename="../../agent/ui/editor/form.py" line="120" />
        <location filename="../../agent/ui/editor/form.py" line="42" />
        <source>Title</source>
        <translation>Заголовок</translation>
    </message>
    <message>
        <location filename="../../agent/ui/editor/form.py" line="123" />
        <location filename="../../agent/ui/editor/form.py" line="43" />
        <source>Tags</source>
        <translation>Теги</translation>
    </message>
    <message>
        <location filename="../../agent/ui/editor/form.py" line="124" />
        <location filename="../../agent/ui/editor/form.py" line="44" />
        <source>Synonyms</source>
        <translation>Синонимы</translation>
    </message>
    <message>
        <location filename="../../agent/ui/editor/form.py" line="45" />
        <source>Text (Markdown)</source>
        <translation>Текст (Markdown)</translation>
    </message>
    <message>
        <location filename="../../agent/ui/editor/form.py" line="46" />
        <source>Replies</source>
        <translation>Реплики</translation>
    </message>
    <message>
        <location filename="../../agent/ui/editor/form.py" line="47" />
        <source>Actions</source>
        <translation>Действия</translation>
    </message>
    <message>
        <location filename="../../agent/ui/editor/form.py" line="48" />
        <source>Other keys</source>
        <translation>Прочие ключи</translation>
    </message>
    <message>
        <location filename="../../agent/ui/editor/form.py" line="49" />
        <source>Synonym sets</source>
        <translation>Группы синонимов</translation>
    </message>
    <message>
        <location filename="../../agent/ui/editor/form.py" line="52" />
        <source>Difficult case</source>
        <translation>Сложная ситуация</translation>
    </message>
    <message>
        <location filename="../../agent/ui/editor/form.py" line="53" />
        <source>Product</source>
        <translation>Продукт</translation>
    </message>
    <message>
        <location filename="../../agent/ui/editor/form.py" line="54" />
        <source>Procedure</source>
        <translation>Процедура</translation>
    </message>
    <message>
        <location filename="../../agent/ui/editor/form.py" line="80" />
        <source>Rename…</source>
        <translation>Переименовать…</translation>
    </message>
    <message>
        <location filename="../../agent/ui/editor/form.py" line="81" />
        <source>Operators' links and notes use the slug: rename only on purpose</source>
        <translation>Ссылки и заметки операторов используют идентификатор: меняйте его только осознанно</translation>
    </message>
    <message>
        <location filename="../../agent/ui/editor/form.py" line="93" />
        <source>comma-separated</source>
        <translation>через запятую</translation>
    </message>
    <message>
        <location filename="../../agent/ui/editor/form.py" line="95" />
        <source>other words callers use, comma-separated</source>
        <translation>другие слова, которыми говорят абоненты, через запятую</translation>
    </message>
    <message>
        <location filename="../../agent/ui/editor/form.py" line="140" />
        <location filename="../../agent/ui/editor/form.py" line="105" />
        <source>Problems</source>
        <translation>Проблемы</translation>
    </message>
    <message>
        <location filename="../../agent/ui/editor/form.py" line="122" />
        <source>Kind, language</source>
        <translation>Тип, язык</translation>
    </message>
</context><context>
    <name>ArticleList</name>
    <message>
        <location filename="../../agent/ui/editor/article_list.py" line="33" />
        <source>Published</source>
        <translation>Опубликована</translation>
    </message>
    <message>
        <location filename="../../agent/ui/editor/article_list.py" line="34" />
        <source>New draft</source>
        <translation>Новый черновик</translation>
    </message>
    <message>
        <location filename="../../agent/ui/editor/article_list.py" line="35" />
        <source>Draft</source>
        <translation>Черновик</translation>
    </message>
    <message>
        <location filename="../../agent/ui/editor/article_list.py" line="36" />
        <source>Changed since my draft</source>
        <translation>Изменена после моего черновика</translation>
    </message>
    <message>
        <location filename="../../agent/ui/editor/article_list.py" line="38" />
        <source>Title</source>
        <translation>Заголовок</translation>
    </message>
    <message>
        <location filename="../../agent/ui/editor/article_list.py" line="38" />
        <source>Lang</source>
        <translation>Язык</translation>
    </message>
    <message>
        <location filename="../../agent/ui/editor/article_list.py" line="39" />
        <source>State</source>
        <translation>Состояние</translation>
    </message>
    <message>
        <location filename="../../agent/ui/editor/article_list.py" line="40" />
        <source>Last change</source>
        <translation>Изменена</translation>
    </message>
    <message>
        <location filename="../../agent/ui/editor/article_list.py" line="41" />
        <source>Uses</source>
        <translation>Обращения</translation>
    </message>
    <message>
        <location filename="../../agent/ui/editor/article_list.py" line="66" />
        <source>Search as operators do</source>
        <translation>Поиск, как у операторов</translation>
    </message>
    <message>
        <location filename="../../agent/ui/editor/article_list.py" line="67" />
        <source>Search articles</source>
        <translation>Поиск статей</translation>
    </message>
    <message>
        <location filename="../../agent/ui/editor/article_list.py" line="70" />
        <source>All kinds</source>
        <translation>Все типы</translation>
    </message>
    <message>
        <location filename="../../agent/ui/editor/article_list.py" line="74" />
        <source>All languages</source>
        <translation>Все языки</translation>
    </message>
    <message>
        <location filename="../../agent/ui/editor/article_list.py" line="78" />
        <source>Any state</source>
        <translation>Любое состояние</translation>
    </message>
    <message>
        <location filename="../../agent/ui/editor/article_list.py" line="80" />
        <source>Drafts</source>
        <translation>Черновики</translation>
    </message>
    <message>
        <location filename="../../agent/ui/editor/article_list.py" line="82" />
        <source>Missing translation</source>
        <translation>Нет перевода</translation>
    </message>
    <message>
        <location filename="../../agent/ui/editor/article_list.py" line="85" />
        <location filename="../../agent/ui/editor/article_list.py" line="84" />
        <source>Tag</source>
        <translation>Тег</translation>
    </message>
    <message>
        <location filename="../../agent/ui/editor/article_list.py" line="88" />
        <source>Articles</source>
        <translation>Статьи</translation>
    </message>
    <message>
        <location filename="../../agent/ui/editor/article_list.py" line="175" />
        <source>%1 of %2 articles</source>
        <translation>%1 из %2 статей</translation>
    </message>
    <message>
        <location filename="../../agent/ui/editor/article_list.py" line="183" />
        <source>no translation</source>
        <translation>нет перевода</translation>
    </message>
</context><context>
    <name>ArticlePanel</name>
    <message>
        <location filename="../../agent/ui/article_panel.py" line="147" />
        <source>Replies — Ctrl+1…9 copies</source>
        <translation>Готовые фразы — Ctrl+1…9 копирует</translation>
    </message>
    <message>
        <location filename="../../agent/ui/article_panel.py" line="167" />
        <source>Article text</source>
        <translation>Текст статьи</translation>
    </message>
    <message>
        <location filename="../../agent/ui/article_panel.py" line="245" />
        <source>Put the caller on hold</source>
        <translation>Поставить абонента на удержание</translation>
    </message>
    <message>
        <location filename="../../agent/ui/article_panel.py" line="246" />
        <source>Transfer the call to this department</source>
        <translation>Перевести звонок в этот отдел</translation>
    </message>
    <message>
        <location filename="../../agent/ui/article_panel.py" line="247" />
        <source>Hold the caller and call this department first</source>
        <translation>Поставить абонента на удержание и сначала позвонить в отдел</translation>
    </message>
    <message>
        <location filename="../../agent/ui/article_panel.py" line="248" />
        <source>Play a recorded message to the caller</source>
        <translation>Проиграть абоненту записанное сообщение</translation>
    </message>
    <message>
        <location filename="../../agent/ui/article_panel.py" line="249" />
        <source>Open the complaint form of the call note</source>
        <translation>Открыть форму претензии в заметке звонка</translation>
    </message>
    <message>
        <location filename="../../agent/ui/article_panel.py" line="250" />
        <source>Schedule a callback in the call note</source>
        <translation>Назначить обратный звонок в заметке</translation>
    </message>
    <message>
        <location filename="../../agent/ui/article_panel.py" line="251" />
        <source>Call the supervisor for help</source>
        <translation>Позвать супервайзера на помощь</translation>
    </message>
    <message>
        <location filename="../../agent/ui/article_panel.py" line="252" />
        <source>End the call</source>
        <translation>Завершить звонок</translation>
    </message>
    <message numerus="yes">
        <location filename="../../agent/ui/article_panel.py" line="274" />
        <source>Show %n more replies</source>
        <translation>
            <numerusform>Показать ещё %n ответ</numerusform>
            <numerusform>Показать ещё %n ответа</numerusform>
            <numerusform>Показать ещё %n ответов</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../agent/ui/article_panel.py" line="276" />
        <source>%n more replies are not shown.</source>
        <translation>
            <numerusform>Ещё %n ответ не показан.</numerusform>
            <numerusform>Ещё %n ответа не показаны.</numerusform>
            <numerusform>Ещё %n ответов не показаны.</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../agent/ui/article_panel.py" line="295" />
        <source>Reply copied, but it still has %1 to fill in before you send it.</source>
        <translation>Фраза скопирована, но в ней осталось заполнить: %1.</translation>
    </message>
    <message>
        <location filename="../../agent/ui/article_panel.py" line="298" />
        <source>Reply copied to the clipboard.</source>
        <translation>Фраза скопирована в буфер обмена.</translation>
    </message>
    <message>
        <location filename="../../agent/ui/article_panel.py" line="301" />
        <source>Links outside the knowledge base are not opened: %1</source>
        <translation>Ссылки вне базы знаний не открываются: %1</translation>
    </message>
</context><context>
    <name>ArticleRender</name>
    <message>
        <location filename="../../agent/ui/article_render.py" line="109" />
        <source>[picture not shown: %1]</source>
        <translation>[картинка не показана: %1]</translation>
    </message>
    <message>
        <location filename="../../agent/ui/article_render.py" line="111" />
        <source>[picture not shown]</source>
        <translation>[картинка не показана]</translation>
    </message>
    <message>
        <location filename="../../agent/ui/article_render.py" line="322" />
        <source>(a part of this table is not shown: it is too large)</source>
        <translation>(часть таблицы не показана: она слишком велика)</translation>
    </message>
    <message>
        <location filename="../../agent/ui/article_render.py" line="374" />
        <source>Parts of this article nested too deep are shown flat.</source>
        <translation>Слишком глубоко вложенные части статьи показаны без вложенности.</translation>
    </message>
    <message>
        <location filename="../../agent/ui/article_render.py" line="377" />
        <source>The rest of this article is too large to be shown here.</source>
        <translation>Остальная часть статьи слишком велика, чтобы показать её здесь.</translation>
    </message>
</context><context>
    <name>Board</name>
    <message>
        <location filename="../../agent/ui/supervisor/board.py" line="40" />
        <source>On hold</source>
        <translation>Удержание</translation>
    </message>
    <message>
        <location filename="../../agent/ui/supervisor/board.py" line="41" />
        <source>On a call</source>
        <translation>Разговор</translation>
    </message>
    <message>
        <location filename="../../agent/ui/supervisor/board.py" line="42" />
        <source>Ringing</source>
        <translation>Звонит</translation>
    </message>
    <message>
        <location filename="../../agent/ui/supervisor/board.py" line="43" />
        <source>Wrap-up</source>
        <translation>Обработка</translation>
    </message>
    <message>
        <location filename="../../agent/ui/supervisor/board.py" line="44" />
        <source>Not ready</source>
        <translation>Не готов</translation>
    </message>
    <message>
        <location filename="../../agent/ui/supervisor/board.py" line="45" />
        <source>Ready</source>
        <translation>Готов</translation>
    </message>
    <message>
        <location filename="../../agent/ui/supervisor/board.py" line="46" />
        <source>Offline</source>
        <translation>Не в сети</translation>
    </message>
</context><context>
    <name>BoardModel</name>
    <message>
        <location filename="../../agent/ui/supervisor/board.py" line="118" />
        <source>Operator</source>
        <translation>Оператор</translation>
    </message>
    <message>
        <location filename="../../agent/ui/supervisor/board.py" line="118" />
        <source>Group</source>
        <translation>Группа</translation>
    </message>
    <message>
        <location filename="../../agent/ui/supervisor/board.py" line="118" />
        <source>State</source>
        <translation>Состояние</translation>
    </message>
    <message>
        <location filename="../../agent/ui/supervisor/board.py" line="119" />
        <source>In state</source>
        <translation>В состоянии</translation>
    </message>
    <message>
        <location filename="../../agent/ui/supervisor/board.py" line="119" />
        <source>Call</source>
        <translation>Звонок</translation>
    </message>
    <message>
        <location filename="../../agent/ui/supervisor/board.py" line="119" />
        <source>On hold</source>
        <translation>Удержание</translation>
    </message>
    <message>
        <location filename="../../agent/ui/supervisor/board.py" line="120" />
        <source>Waiting</source>
        <translation>Ждут</translation>
    </message>
    <message>
        <location filename="../../agent/ui/supervisor/board.py" line="176" />
        <source>seen %1 ago</source>
        <translation>был(а) %1 назад</translation>
    </message>
</context><context>
    <name>BoardPanel</name>
    <message>
        <location filename="../../agent/ui/supervisor/board.py" line="202" />
        <source>Group:</source>
        <translation>Группа:</translation>
    </message>
    <message>
        <location filename="../../agent/ui/supervisor/board.py" line="205" />
        <source>Group filter</source>
        <translation>Отбор по группе</translation>
    </message>
    <message>
        <location filename="../../agent/ui/supervisor/board.py" line="213" />
        <source>Operators</source>
        <translation>Операторы</translation>
    </message>
    <message>
        <location filename="../../agent/ui/supervisor/board.py" line="236" />
        <source>All groups</source>
        <translation>Все группы</translation>
    </message>
    <message>
        <location filename="../../agent/ui/supervisor/board.py" line="257" />
        <source>Calls waiting: %1</source>
        <translation>Ждут ответа: %1</translation>
    </message>
    <message>
        <location filename="../../agent/ui/supervisor/board.py" line="258" />
        <source>No operator has reported yet.</source>
        <translation>Ни один оператор ещё не на связи.</translation>
    </message>
</context><context>
    <name>CallPanel</name>
    <message>
        <location filename="../../agent/ui/call_panel.py" line="151" />
        <source>Number or SIP URI</source>
        <translation>Номер / SIP</translation>
    </message>
    <message>
        <location filename="../../agent/ui/call_panel.py" line="152" />
        <source>Number to dial</source>
        <translation>Номер для набора</translation>
    </message>
    <message>
        <location filename="../../agent/ui/call_panel.py" line="153" />
        <source>Number or SIP URI to dial (%1)</source>
        <translation>Номер или SIP-адрес для набора (%1)</translation>
    </message>
    <message>
        <location filename="../../agent/ui/call_panel.py" line="167" />
        <location filename="../../agent/ui/call_panel.py" line="166" />
        <source>Dial</source>
        <translation>Набрать</translation>
    </message>
    <message>
        <location filename="../../agent/ui/call_panel.py" line="170" />
        <source>Pad</source>
        <translation>Клавиши</translation>
    </message>
    <message>
        <location filename="../../agent/ui/call_panel.py" line="172" />
        <source>Show the dial pad (digits become DTMF during a call)</source>
        <translation>Показать номеронабиратель (во время звонка цифры уходят как DTMF)</translation>
    </message>
    <message>
        <location filename="../../agent/ui/call_panel.py" line="173" />
        <source>Dial pad</source>
        <translation>Номеронабиратель</translation>
    </message>
    <message>
        <location filename="../../agent/ui/call_panel.py" line="187" />
        <source>Key %1</source>
        <translation>Клавиша %1</translation>
    </message>
    <message>
        <location filename="../../agent/ui/call_panel.py" line="198" />
        <source>Phone lines</source>
        <translation>Линии</translation>
    </message>
    <message>
        <location filename="../../agent/ui/call_panel.py" line="217" />
        <source>Answer</source>
        <translation>Ответить</translation>
    </message>
    <message>
        <location filename="../../agent/ui/call_panel.py" line="219" />
        <source>Reject</source>
        <translation>Отклонить</translation>
    </message>
    <message>
        <location filename="../../agent/ui/call_panel.py" line="317" />
        <location filename="../../agent/ui/call_panel.py" line="220" />
        <source>Hold</source>
        <translation>Удержать</translation>
    </message>
    <message>
        <location filename="../../agent/ui/call_panel.py" line="323" />
        <location filename="../../agent/ui/call_panel.py" line="221" />
        <source>Mute</source>
        <translation>Без звука</translation>
    </message>
    <message>
        <location filename="../../agent/ui/call_panel.py" line="224" />
        <source>Transfer…</source>
        <translation>Перевести…</translation>
    </message>
    <message>
        <location filename="../../agent/ui/call_panel.py" line="226" />
        <source>Hang up</source>
        <translation>Завершить</translation>
    </message>
    <message>
        <location filename="../../agent/ui/call_panel.py" line="228" />
        <source>Complete transfer</source>
        <translation>Завершить перевод</translation>
    </message>
    <message>
        <location filename="../../agent/ui/call_panel.py" line="230" />
        <source>Connect the caller to the consulted party (%1)</source>
        <translation>Соединить абонента с тем, с кем вы консультировались (%1)</translation>
    </message>
    <message>
        <location filename="../../agent/ui/call_panel.py" line="232" />
        <source>Back to caller</source>
        <translation>Вернуться к абоненту</translation>
    </message>
    <message>
        <location filename="../../agent/ui/call_panel.py" line="235" />
        <source>End the consultation and resume the held caller (%1)</source>
        <translation>Закончить консультацию и вернуться к ожидающему абоненту (%1)</translation>
    </message>
    <message>
        <location filename="../../agent/ui/call_panel.py" line="253" />
        <source>Phone</source>
        <translation>Телефон</translation>
    </message>
    <message>
        <location filename="../../agent/ui/call_panel.py" line="260" />
        <source>&amp;Lines</source>
        <translation>Ли&amp;нии</translation>
    </message>
    <message>
        <location filename="../../agent/ui/call_panel.py" line="317" />
        <source>Resume</source>
        <translation>Вернуть</translation>
    </message>
    <message>
        <location filename="../../agent/ui/call_panel.py" line="323" />
        <source>Muted — unmute</source>
        <translation>Микрофон выкл.</translation>
    </message>
    <message>
        <location filename="../../agent/ui/call_panel.py" line="368" />
        <source>No recent number to call yet.</source>
        <translation>Пока некому перезвонить: недавних номеров нет.</translation>
    </message>
    <message>
        <location filename="../../agent/ui/call_panel.py" line="397" />
        <source>Sent DTMF %1</source>
        <translation>Отправлен DTMF %1</translation>
    </message>
    <message>
        <location filename="../../agent/ui/call_panel.py" line="1" />
        <source>Swap</source>
        <translation>Переключить</translation>
    </message>
    <message>
        <location filename="../../agent/ui/call_panel.py" line="1" />
        <source>Hold this caller and talk to the held one (%1)</source>
        <translation>Удержать этого абонента и говорить с ожидающим (%1)</translation>
    </message>
    <message>
        <location filename="../../agent/ui/call_panel.py" line="1" />
        <source>Conference</source>
        <translation>Конференция</translation>
    </message>
    <message>
        <location filename="../../agent/ui/call_panel.py" line="1" />
        <source>Join both calls: the callers hear each other and you (%1)</source>
        <translation>Соединить оба звонка: абоненты слышат друг друга и вас (%1)</translation>
    </message>
    <message>
        <location filename="../../agent/ui/call_panel.py" line="1" />
        <source>Joining both calls into a conference…</source>
        <translation>Соединяю оба звонка в конференцию…</translation>
    </message>
    <message>
        <location filename="../../agent/ui/call_panel.py" line="1" />
        <source>Conference: both callers hear each other and you.</source>
        <translation>Конференция: абоненты слышат друг друга и вас.</translation>
    </message>
    <message>
        <location filename="../../agent/ui/call_panel.py" line="1" />
        <source>The conference is over.</source>
        <translation>Конференция завершена.</translation>
    </message>
    <message>
        <location filename="../../agent/ui/call_panel.py" line="401" />
        <source>The call to %1 failed: %2.</source>
        <translation>Звонок не состоялся (%1): %2.</translation>
    </message>
    <message>
        <location filename="../../agent/ui/call_panel.py" line="402" />
        <source>The call with %1 was ended: %2.</source>
        <translation>Звонок с %1 прерван: %2.</translation>
    </message>
    <message>
        <location filename="../../agent/ui/call_panel.py" line="227" />
        <source>No calls. %1 dials a number; a ringing call appears here.</source>
        <translation>Звонков нет. %1 — набрать номер; входящий звонок появится здесь.</translation>
    </message>
</context><context>
    <name>Callbacks</name>
    <message>
        <location filename="../../agent/ui/callbacks_panel.py" line="40" />
        <source>Reached</source>
        <translation>Дозвонились</translation>
    </message>
    <message>
        <location filename="../../agent/ui/callbacks_panel.py" line="41" />
        <source>No answer</source>
        <translation>Не ответили</translation>
    </message>
    <message>
        <location filename="../../agent/ui/callbacks_panel.py" line="42" />
        <source>Busy</source>
        <translation>Занято</translation>
    </message>
    <message>
        <location filename="../../agent/ui/callbacks_panel.py" line="43" />
        <source>Wrong number</source>
        <translation>Неверный номер</translation>
    </message>
    <message>
        <location filename="../../agent/ui/callbacks_panel.py" line="44" />
        <source>Not needed</source>
        <translation>Не нужно</translation>
    </message>
</context><context>
    <name>CallbacksPanel</name>
    <message>
        <location filename="../../agent/ui/callbacks_panel.py" line="98" />
        <source>Callbacks due</source>
        <translation>Обещанные звонки</translation>
    </message>
    <message>
        <location filename="../../agent/ui/callbacks_panel.py" line="99" />
        <source>When</source>
        <translation>Когда</translation>
    </message>
    <message>
        <location filename="../../agent/ui/callbacks_panel.py" line="99" />
        <source>Number</source>
        <translation>Номер</translation>
    </message>
    <message>
        <location filename="../../agent/ui/callbacks_panel.py" line="100" />
        <source>About</source>
        <translation>О чём</translation>
    </message>
    <message>
        <location filename="../../agent/ui/callbacks_panel.py" line="100" />
        <source>Tries</source>
        <translation>Попыток</translation>
    </message>
    <message>
        <location filename="../../agent/ui/callbacks_panel.py" line="103" />
        <source>Call (Enter)</source>
        <translation>Позвонить (Enter)</translation>
    </message>
    <message>
        <location filename="../../agent/ui/callbacks_panel.py" line="105" />
        <source>Take it</source>
        <translation>Взять себе</translation>
    </message>
    <message>
        <location filename="../../agent/ui/callbacks_panel.py" line="110" />
        <source>Outcome:</source>
        <translation>Итог:</translation>
    </message>
    <message>
        <location filename="../../agent/ui/callbacks_panel.py" line="144" />
        <source>(unclaimed) %1</source>
        <translation>(ничей) %1</translation>
    </message>
    <message>
        <location filename="../../agent/ui/callbacks_panel.py" line="163" />
        <source>Callbacks are kept on the floor server; none is set.</source>
        <translation>Обещанные звонки хранятся на сервере зала, а он не задан.</translation>
    </message>
    <message>
        <location filename="../../agent/ui/callbacks_panel.py" line="165" />
        <source>No callbacks due.</source>
        <translation>Перезванивать никому не нужно.</translation>
    </message>
    <message>
        <location filename="../../agent/ui/callbacks_panel.py" line="167" />
        <source>%1 callbacks, %2 due now</source>
        <translation>Обещано звонков: %1, пора звонить: %2</translation>
    </message>
</context><context>
    <name>CallbacksView</name>
    <message>
        <location filename="../../agent/ui/supervisor/callbacks.py" line="39" />
        <source>Only overdue and unclaimed</source>
        <translation>Только просроченные и ничьи</translation>
    </message>
    <message>
        <location filename="../../agent/ui/supervisor/callbacks.py" line="45" />
        <source>Callbacks of the floor</source>
        <translation>Обещанные звонки зала</translation>
    </message>
    <message>
        <location filename="../../agent/ui/supervisor/callbacks.py" line="47" />
        <source>Due</source>
        <translation>Срок</translation>
    </message>
    <message>
        <location filename="../../agent/ui/supervisor/callbacks.py" line="47" />
        <source>Number</source>
        <translation>Номер</translation>
    </message>
    <message>
        <location filename="../../agent/ui/supervisor/callbacks.py" line="47" />
        <source>About</source>
        <translation>О чём</translation>
    </message>
    <message>
        <location filename="../../agent/ui/supervisor/callbacks.py" line="47" />
        <source>Promised by</source>
        <translation>Обещал(а)</translation>
    </message>
    <message>
        <location filename="../../agent/ui/supervisor/callbacks.py" line="48" />
        <source>Assigned to</source>
        <translation>Кому поручено</translation>
    </message>
    <message>
        <location filename="../../agent/ui/supervisor/callbacks.py" line="48" />
        <source>Tries</source>
        <translation>Попыток</translation>
    </message>
    <message>
        <location filename="../../agent/ui/supervisor/callbacks.py" line="51" />
        <source>Give to:</source>
        <translation>Поручить:</translation>
    </message>
    <message>
        <location filename="../../agent/ui/supervisor/callbacks.py" line="54" />
        <source>Operator to give the callback to</source>
        <translation>Оператор, которому поручить звонок</translation>
    </message>
    <message>
        <location filename="../../agent/ui/supervisor/callbacks.py" line="56" />
        <source>Give</source>
        <translation>Поручить</translation>
    </message>
    <message>
        <location filename="../../agent/ui/supervisor/callbacks.py" line="57" />
        <source>Release to anyone</source>
        <translation>Отдать любому</translation>
    </message>
    <message>
        <location filename="../../agent/ui/supervisor/callbacks.py" line="97" />
        <source>unclaimed</source>
        <translation>ничей</translation>
    </message>
    <message>
        <location filename="../../agent/ui/supervisor/callbacks.py" line="107" />
        <source>%1 open, %2 overdue, %3 unclaimed</source>
        <translation>Открыто: %1, просрочено: %2, ничьих: %3</translation>
    </message>
</context><context>
    <name>ConflictDialog</name>
    <message>
        <location filename="../../agent/ui/editor/dialogs.py" line="71" />
        <source>Changed by someone else: %1</source>
        <translation>Изменено другим редактором: %1</translation>
    </message>
    <message>
        <location filename="../../agent/ui/editor/dialogs.py" line="72" />
        <source>While you edited, revision %1 of this article was published%2. Nothing of yours was published. Choose for each field which version to keep; fields only one of you changed are chosen already.</source>
        <translation>Пока вы редактировали, была опубликована ревизия %1 этой статьи%2. Ваши изменения не опубликованы. Выберите для каждого поля, какую версию оставить; поля, которые изменил только один из вас, уже выбраны.</translation>
    </message>
    <message>
        <location filename="../../agent/ui/editor/dialogs.py" line="76" />
        <source> by %1</source>
        <translation> (автор: %1)</translation>
    </message>
    <message>
        <location filename="../../agent/ui/editor/dialogs.py" line="79" />
        <source>Merge and publish</source>
        <translation>Объединить и опубликовать</translation>
    </message>
    <message>
        <location filename="../../agent/ui/editor/dialogs.py" line="86" />
        <source>Field</source>
        <translation>Поле</translation>
    </message>
    <message>
        <location filename="../../agent/ui/editor/dialogs.py" line="87" />
        <source>Mine (my draft)</source>
        <translation>Моя версия (черновик)</translation>
    </message>
    <message>
        <location filename="../../agent/ui/editor/dialogs.py" line="88" />
        <source>Theirs (published now)</source>
        <translation>Их версия (опубликована сейчас)</translation>
    </message>
    <message>
        <location filename="../../agent/ui/editor/dialogs.py" line="94" />
        <source>Both of you changed this field</source>
        <translation>Это поле изменили вы оба</translation>
    </message>
    <message>
        <location filename="../../agent/ui/editor/dialogs.py" line="101" />
        <source>Keep mine</source>
        <translation>Оставить мою</translation>
    </message>
    <message>
        <location filename="../../agent/ui/editor/dialogs.py" line="102" />
        <source>Keep theirs</source>
        <translation>Оставить их</translation>
    </message>
    <message>
        <location filename="../../agent/ui/editor/dialogs.py" line="141" />
        <source>%1 field(s) still to choose</source>
        <translation>Осталось выбрать полей: %1</translation>
    </message>
    <message>
        <location filename="../../agent/ui/editor/dialogs.py" line="142" />
        <source>Every field is decided.</source>
        <translation>Все поля выбраны.</translation>
    </message>
</context><context>
    <name>DepartmentsTable</name>
    <message>
        <location filename="../../agent/ui/settings_dialog.py" line="103" />
        <source>Key</source>
        <translation>Ключ</translation>
    </message>
    <message>
        <location filename="../../agent/ui/settings_dialog.py" line="103" />
        <source>Name (ru)</source>
        <translation>Название (рус.)</translation>
    </message>
    <message>
        <location filename="../../agent/ui/settings_dialog.py" line="104" />
        <source>Name (en)</source>
        <translation>Название (англ.)</translation>
    </message>
    <message>
        <location filename="../../agent/ui/settings_dialog.py" line="104" />
        <source>Number</source>
        <translation>Номер</translation>
    </message>
</context><context>
    <name>DiagnosticsDialog</name>
    <message>
        <location filename="../../agent/ui/diagnostics_dialog.py" line="60" />
        <source>Diagnostics</source>
        <translation>Диагностика</translation>
    </message>
    <message>
        <location filename="../../agent/ui/diagnostics_dialog.py" line="66" />
        <source>Checking this workstation…</source>
        <translation>Проверка рабочего места…</translation>
    </message>
    <message>
        <location filename="../../agent/ui/diagnostics_dialog.py" line="71" />
        <source>Diagnostics results</source>
        <translation>Результаты диагностики</translation>
    </message>
    <message>
        <location filename="../../agent/ui/diagnostics_dialog.py" line="75" />
        <source>&amp;Check again</source>
        <translation>&amp;Проверить снова</translation>
    </message>
    <message>
        <location filename="../../agent/ui/diagnostics_dialog.py" line="76" />
        <source>&amp;Save diagnostics bundle…</source>
        <translation>&amp;Сохранить архив диагностики…</translation>
    </message>
    <message>
        <location filename="../../agent/ui/diagnostics_dialog.py" line="87" />
        <source>OK</source>
        <translation>OK</translation>
    </message>
    <message>
        <location filename="../../agent/ui/diagnostics_dialog.py" line="87" />
        <source>Warning</source>
        <translation>Предупреждение</translation>
    </message>
    <message>
        <location filename="../../agent/ui/diagnostics_dialog.py" line="87" />
        <source>Failed</source>
        <translation>Ошибка</translation>
    </message>
    <message>
        <location filename="../../agent/ui/diagnostics_dialog.py" line="92" />
        <source>Checking this workstation (up to 15 seconds)…</source>
        <translation>Проверка рабочего места (до 15 секунд)…</translation>
    </message>
    <message>
        <location filename="../../agent/ui/diagnostics_dialog.py" line="95" />
        <source>The checks could not run: %1</source>
        <translation>Проверки не удалось выполнить: %1</translation>
    </message>
    <message>
        <location filename="../../agent/ui/diagnostics_dialog.py" line="110" />
        <source>Nothing failed; %1 warning(s).</source>
        <translation>Ошибок нет; предупреждений: %1.</translation>
    </message>
    <message>
        <location filename="../../agent/ui/diagnostics_dialog.py" line="113" />
        <source>%1 check(s) failed, %2 warning(s). Save a bundle for IT.</source>
        <translation>Ошибок: %1, предупреждений: %2. Сохраните архив для ИТ-отдела.</translation>
    </message>
    <message>
        <location filename="../../agent/ui/diagnostics_dialog.py" line="122" />
        <source>Save diagnostics bundle</source>
        <translation>Сохранение архива диагностики</translation>
    </message>
    <message>
        <location filename="../../agent/ui/diagnostics_dialog.py" line="123" />
        <source>Zip archives (*.zip)</source>
        <translation>Архивы ZIP (*.zip)</translation>
    </message>
    <message>
        <location filename="../../agent/ui/diagnostics_dialog.py" line="135" />
        <source>Saved %1 (%2 file(s), passwords and tokens removed).</source>
        <translation>Сохранено: %1 (файлов: %2, пароли и токены удалены).</translation>
    </message>
    <message>
        <location filename="../../agent/ui/diagnostics_dialog.py" line="141" />
        <source>The bundle was not saved: %1</source>
        <translation>Архив не сохранён: %1</translation>
    </message>
</context><context>
    <name>EditorLauncher</name>
    <message>
        <location filename="../../agent/ui/editor/launcher.py" line="42" />
        <source>&amp;Knowledge base</source>
        <translation>&amp;База знаний</translation>
    </message>
    <message>
        <location filename="../../agent/ui/editor/launcher.py" line="43" />
        <source>&amp;Edit…</source>
        <translation>&amp;Редактировать…</translation>
    </message>
</context><context>
    <name>EditorWindow</name>
    <message>
        <location filename="../../agent/ui/editor/window.py" line="91" />
        <source>Sufler — knowledge base editor</source>
        <translation>Суфлёр — редактор базы знаний</translation>
    </message>
    <message>
        <location filename="../../agent/ui/editor/window.py" line="111" />
        <source>Preview</source>
        <translation>Просмотр</translation>
    </message>
    <message>
        <location filename="../../agent/ui/editor/window.py" line="112" />
        <source>Other language</source>
        <translation>Другой язык</translation>
    </message>
    <message>
        <location filename="../../agent/ui/editor/window.py" line="113" />
        <source>Changes</source>
        <translation>Изменения</translation>
    </message>
    <message>
        <location filename="../../agent/ui/editor/window.py" line="117" />
        <source>Choose an article on the left, or start a new one (Ctrl+N).</source>
        <translation>Выберите статью слева или создайте новую (Ctrl+N).</translation>
    </message>
    <message>
        <location filename="../../agent/ui/editor/window.py" line="147" />
        <source>Articles</source>
        <translation>Статьи</translation>
    </message>
    <message>
        <location filename="../../agent/ui/editor/window.py" line="148" />
        <source>Synonyms</source>
        <translation>Синонимы</translation>
    </message>
    <message>
        <location filename="../../agent/ui/editor/window.py" line="149" />
        <source>Search gaps</source>
        <translation>Пробелы поиска</translation>
    </message>
    <message>
        <location filename="../../agent/ui/editor/window.py" line="176" />
        <source>Editor</source>
        <translation>Редактор</translation>
    </message>
    <message>
        <location filename="../../agent/ui/editor/window.py" line="182" />
        <source>&amp;Article</source>
        <translation>&amp;Статья</translation>
    </message>
    <message>
        <location filename="../../agent/ui/editor/window.py" line="186" />
        <source>&amp;New article</source>
        <translation>&amp;Новая статья</translation>
    </message>
    <message>
        <location filename="../../agent/ui/editor/window.py" line="187" />
        <source>&amp;Check</source>
        <translation>&amp;Проверить</translation>
    </message>
    <message>
        <location filename="../../agent/ui/editor/window.py" line="188" />
        <source>&amp;Publish</source>
        <translation>&amp;Опубликовать</translation>
    </message>
    <message>
        <location filename="../../agent/ui/editor/window.py" line="189" />
        <source>&amp;History…</source>
        <translation>&amp;История…</translation>
    </message>
    <message>
        <location filename="../../agent/ui/editor/window.py" line="190" />
        <source>&amp;Discard draft</source>
        <translation>&amp;Удалить черновик</translation>
    </message>
    <message>
        <location filename="../../agent/ui/editor/window.py" line="191" />
        <source>&amp;Reload from the hub</source>
        <translation>&amp;Обновить с сервера</translation>
    </message>
    <message>
        <location filename="../../agent/ui/editor/window.py" line="202" />
        <source>Close</source>
        <translation>Закрыть</translation>
    </message>
    <message>
        <location filename="../../agent/ui/editor/window.py" line="211" />
        <source>Drafts cannot be saved: %1</source>
        <translation>Черновики не сохраняются: %1</translation>
    </message>
    <message>
        <location filename="../../agent/ui/editor/window.py" line="243" />
        <source>Connecting to the hub…</source>
        <translation>Подключение к серверу…</translation>
    </message>
    <message>
        <location filename="../../agent/ui/editor/window.py" line="261" />
        <source>The hub refused this token for editing (%1): publishing needs an editor token. Drafts are still kept.</source>
        <translation>Сервер не принял этот токен для редактирования (%1): для публикации нужен токен редактора. Черновики сохранены.</translation>
    </message>
    <message>
        <location filename="../../agent/ui/editor/window.py" line="265" />
        <source>Hub: not reachable</source>
        <translation>Сервер: недоступен</translation>
    </message>
    <message>
        <location filename="../../agent/ui/editor/window.py" line="268" />
        <source>The hub cannot be reached (%1). Drafts are kept here; publish when it is back.</source>
        <translation>Сервер недоступен (%1). Черновики хранятся здесь; опубликуйте, когда он вернётся.</translation>
    </message>
    <message>
        <location filename="../../agent/ui/editor/window.py" line="279" />
        <source>Hub: %1 (%2)</source>
        <translation>Сервер: %1 (%2)</translation>
    </message>
    <message>
        <location filename="../../agent/ui/editor/window.py" line="283" />
        <source>This token has the %1 role: publishing needs an editor token. Drafts are still kept.</source>
        <translation>У этого токена роль %1: для публикации нужен токен редактора. Черновики сохраняются.</translation>
    </message>
    <message>
        <location filename="../../agent/ui/editor/window.py" line="343" />
        <source>Published revision %1. Editing starts a draft.</source>
        <translation>Опубликованная ревизия %1. Правка создаст черновик.</translation>
    </message>
    <message>
        <location filename="../../agent/ui/editor/window.py" line="346" />
        <source>New article, not published. Draft saved %1.</source>
        <translation>Новая статья, не опубликована. Черновик сохранён в %1.</translation>
    </message>
    <message>
        <location filename="../../agent/ui/editor/window.py" line="348" />
        <source>Draft of revision %1, saved %2.</source>
        <translation>Черновик на основе ревизии %1, сохранён в %2.</translation>
    </message>
    <message>
        <location filename="../../agent/ui/editor/window.py" line="352" />
        <source>Revision %1 was published since: publishing will ask you to merge.</source>
        <translation>С тех пор опубликована ревизия %1: при публикации нужно будет объединить версии.</translation>
    </message>
    <message>
        <location filename="../../agent/ui/editor/window.py" line="409" />
        <source>No changes against the published version.</source>
        <translation>Отличий от опубликованной версии нет.</translation>
    </message>
    <message>
        <location filename="../../agent/ui/editor/window.py" line="413" />
        <source>Create the translation</source>
        <translation>Создать перевод</translation>
    </message>
    <message>
        <location filename="../../agent/ui/editor/window.py" line="414" />
        <source>There is no version in the other language yet.</source>
        <translation>Версии на другом языке пока нет.</translation>
    </message>
    <message>
        <location filename="../../agent/ui/editor/window.py" line="417" />
        <source>Open the translation</source>
        <translation>Открыть перевод</translation>
    </message>
    <message>
        <location filename="../../agent/ui/editor/window.py" line="452" />
        <source>Translation started from the original: translate the title, text and replies.</source>
        <translation>Перевод создан из оригинала: переведите заголовок, текст и реплики.</translation>
    </message>
    <message>
        <location filename="../../agent/ui/editor/window.py" line="471" />
        <source>Discard draft</source>
        <translation>Удалить черновик</translation>
    </message>
    <message>
        <location filename="../../agent/ui/editor/window.py" line="471" />
        <source>Discard your changes to “%1”? The published version stays.</source>
        <translation>Удалить ваши изменения в «%1»? Опубликованная версия останется.</translation>
    </message>
    <message>
        <location filename="../../agent/ui/editor/window.py" line="522" />
        <source>%1 error(s), %2 warning(s)</source>
        <translation>Ошибок: %1, предупреждений: %2</translation>
    </message>
    <message>
        <location filename="../../agent/ui/editor/window.py" line="555" />
        <source>Nothing to publish: no draft is selected or changed.</source>
        <translation>Публиковать нечего: черновик не выбран или не изменён.</translation>
    </message>
    <message>
        <location filename="../../agent/ui/editor/window.py" line="564" />
        <source>Not published: fix the problems of “%1” first.</source>
        <translation>Не опубликовано: сначала исправьте проблемы в «%1».</translation>
    </message>
    <message>
        <location filename="../../agent/ui/editor/window.py" line="574" />
        <source>Publishing…</source>
        <translation>Публикация…</translation>
    </message>
    <message>
        <location filename="../../agent/ui/editor/window.py" line="595" />
        <source>Published revision %1 (%2 article(s)). Workstations get it at their next sync.</source>
        <translation>Опубликована ревизия %1 (статей: %2). Рабочие места получат её при следующей синхронизации.</translation>
    </message>
    <message>
        <location filename="../../agent/ui/editor/window.py" line="604" />
        <source>The hub is unreachable: your drafts are kept and publishing is tried again every 30 s.</source>
        <translation>Сервер недоступен: черновики сохранены, публикация повторяется каждые 30 с.</translation>
    </message>
    <message>
        <location filename="../../agent/ui/editor/window.py" line="610" />
        <source>The hub refused your token (%1). Ask the administrator for an editor token and store it in the keyring; your drafts are kept.</source>
        <translation>Сервер отклонил ваш токен (%1). Попросите у администратора токен редактора и сохраните его в хранилище ключей; черновики сохранены.</translation>
    </message>
    <message>
        <location filename="../../agent/ui/editor/window.py" line="613" />
        <source>The hub did not publish: %1. Your drafts are kept.</source>
        <translation>Сервер не опубликовал: %1. Черновики сохранены.</translation>
    </message>
    <message>
        <location filename="../../agent/ui/editor/window.py" line="617" />
        <source>Not published</source>
        <translation>Не опубликовано</translation>
    </message>
    <message>
        <location filename="../../agent/ui/editor/window.py" line="666" />
        <source>Not published: “%1” was changed on the hub. Your draft is kept; publish again to merge.</source>
        <translation>Не опубликовано: «%1» изменена на сервере. Черновик сохранён; опубликуйте снова, чтобы объединить.</translation>
    </message>
    <message>
        <location filename="../../agent/ui/editor/window.py" line="680" />
        <source>A new article has no history yet.</source>
        <translation>У новой статьи ещё нет истории.</translation>
    </message>
    <message>
        <location filename="../../agent/ui/editor/window.py" line="707" />
        <source>Revert</source>
        <translation>Вернуть</translation>
    </message>
    <message>
        <location filename="../../agent/ui/editor/window.py" line="707" />
        <source>Publish revision %1 again as the newest version?</source>
        <translation>Опубликовать ревизию %1 снова как новейшую версию?</translation>
    </message>
    <message>
        <location filename="../../agent/ui/editor/window.py" line="728" />
        <source>Published revision %1</source>
        <translation>Опубликованная ревизия %1</translation>
    </message>
    <message>
        <location filename="../../agent/ui/editor/window.py" line="735" />
        <source>Draft (not published)</source>
        <translation>Черновик (не опубликован)</translation>
    </message>
    <message>
        <location filename="../../agent/ui/editor/window.py" line="743" />
        <source>Draft saved %1</source>
        <translation>Черновик сохранён в %1</translation>
    </message>
    <message>
        <location filename="../../agent/ui/editor/window.py" line="753" />
        <source>The synonym sets have no changes to publish.</source>
        <translation>В группах синонимов нет изменений для публикации.</translation>
    </message>
    <message>
        <location filename="../../agent/ui/editor/window.py" line="758" />
        <source>Not published: fix the synonym sets first.</source>
        <translation>Не опубликовано: сначала исправьте группы синонимов.</translation>
    </message>
    <message>
        <location filename="../../agent/ui/editor/window.py" line="767" />
        <source>Synonyms changed on the hub</source>
        <translation>Синонимы изменены на сервере</translation>
    </message>
    <message>
        <location filename="../../agent/ui/editor/window.py" line="767" />
        <source>Someone published other synonym sets while you edited. Keep both (their sets plus yours that they do not have) and publish?</source>
        <translation>Пока вы редактировали, кто-то опубликовал другие группы синонимов. Оставить обе версии (их группы и ваши, которых у них нет) и опубликовать?</translation>
    </message>
    <message>
        <location filename="../../agent/ui/editor/window.py" line="796" />
        <source>New draft from the search “%1”: write the text and replies, then publish.</source>
        <translation>Новый черновик из запроса «%1»: напишите текст и реплики, затем опубликуйте.</translation>
    </message>
    <message>
        <location filename="../../agent/ui/editor/window.py" line="804" />
        <source>Add as a synonym</source>
        <translation>Добавить как синоним</translation>
    </message>
    <message>
        <location filename="../../agent/ui/editor/window.py" line="804" />
        <source>Operators searched for “%1”. Which article should it find?</source>
        <translation>Операторы искали «%1». Какую статью этот запрос должен находить?</translation>
    </message>
    <message>
        <location filename="../../agent/ui/editor/window.py" line="820" />
        <source>“%1” added to the synonyms of this article: publish to make operators find it.</source>
        <translation>«%1» добавлено в синонимы статьи: опубликуйте, чтобы операторы её находили.</translation>
    </message>
</context><context>
    <name>GapsPage</name>
    <message>
        <location filename="../../agent/ui/editor/pages.py" line="137" />
        <source> days</source>
        <translation> дн.</translation>
    </message>
    <message>
        <location filename="../../agent/ui/editor/pages.py" line="138" />
        <source>Period</source>
        <translation>Период</translation>
    </message>
    <message>
        <location filename="../../agent/ui/editor/pages.py" line="139" />
        <source>Refresh</source>
        <translation>Обновить</translation>
    </message>
    <message>
        <location filename="../../agent/ui/editor/pages.py" line="143" />
        <source>Search gaps</source>
        <translation>Пробелы поиска</translation>
    </message>
    <message>
        <location filename="../../agent/ui/editor/pages.py" line="145" />
        <source>Query</source>
        <translation>Запрос</translation>
    </message>
    <message>
        <location filename="../../agent/ui/editor/pages.py" line="145" />
        <source>Searches</source>
        <translation>Поисков</translation>
    </message>
    <message>
        <location filename="../../agent/ui/editor/pages.py" line="145" />
        <source>Nothing found</source>
        <translation>Ничего не найдено</translation>
    </message>
    <message>
        <location filename="../../agent/ui/editor/pages.py" line="146" />
        <source>Nothing opened</source>
        <translation>Ничего не открыто</translation>
    </message>
    <message>
        <location filename="../../agent/ui/editor/pages.py" line="146" />
        <source>Last seen</source>
        <translation>Последний раз</translation>
    </message>
    <message>
        <location filename="../../agent/ui/editor/pages.py" line="150" />
        <source>New article from this query</source>
        <translation>Новая статья из запроса</translation>
    </message>
    <message>
        <location filename="../../agent/ui/editor/pages.py" line="153" />
        <source>Add as a synonym of an article…</source>
        <translation>Добавить как синоним статьи…</translation>
    </message>
    <message>
        <location filename="../../agent/ui/editor/pages.py" line="182" />
        <location filename="../../agent/ui/editor/pages.py" line="157" />
        <source>Most used</source>
        <translation>Самое востребованное</translation>
    </message>
    <message>
        <location filename="../../agent/ui/editor/pages.py" line="158" />
        <source>Article / reply</source>
        <translation>Статья / реплика</translation>
    </message>
    <message>
        <location filename="../../agent/ui/editor/pages.py" line="158" />
        <source>Opened</source>
        <translation>Открыта</translation>
    </message>
    <message>
        <location filename="../../agent/ui/editor/pages.py" line="159" />
        <source>Copied</source>
        <translation>Скопирована</translation>
    </message>
    <message>
        <location filename="../../agent/ui/editor/pages.py" line="161" />
        <source>Loading…</source>
        <translation>Загрузка…</translation>
    </message>
    <message>
        <location filename="../../agent/ui/editor/pages.py" line="165" />
        <source>What operators could not find in the last</source>
        <translation>Что операторы не смогли найти за последние</translation>
    </message>
    <message>
        <location filename="../../agent/ui/editor/pages.py" line="215" />
        <source>%1 gap(s)</source>
        <translation>Пробелов: %1</translation>
    </message>
    <message>
        <location filename="../../agent/ui/editor/pages.py" line="220" />
        <source>%1 — reply %2</source>
        <translation>%1 — реплика %2</translation>
    </message>
</context><context>
    <name>HelpDialog</name>
    <message>
        <location filename="../../agent/ui/help_dialog.py" line="35" />
        <source>Call the supervisor</source>
        <translation>Позвать супервайзера</translation>
    </message>
    <message>
        <location filename="../../agent/ui/help_dialog.py" line="43" />
        <source>What is happening (a few words)</source>
        <translation>Что случилось (пара слов)</translation>
    </message>
    <message>
        <location filename="../../agent/ui/help_dialog.py" line="44" />
        <source>What is happening</source>
        <translation>Что случилось</translation>
    </message>
    <message>
        <location filename="../../agent/ui/help_dialog.py" line="52" />
        <source>Send to the supervisor</source>
        <translation>Отправить супервайзеру</translation>
    </message>
    <message>
        <location filename="../../agent/ui/help_dialog.py" line="56" />
        <source>Call line %1</source>
        <translation>Позвонить на линию %1</translation>
    </message>
</context><context>
    <name>HistoryDialog</name>
    <message>
        <location filename="../../agent/ui/editor/dialogs.py" line="155" />
        <source>History: %1</source>
        <translation>История: %1</translation>
    </message>
    <message>
        <location filename="../../agent/ui/editor/dialogs.py" line="159" />
        <source>Revisions</source>
        <translation>Ревизии</translation>
    </message>
    <message>
        <location filename="../../agent/ui/editor/dialogs.py" line="162" />
        <source>deleted</source>
        <translation>удалена</translation>
    </message>
    <message>
        <location filename="../../agent/ui/editor/dialogs.py" line="163" />
        <source>Revision %1 · %2 · %3
%4</source>
        <translation>Ревизия %1 · %2 · %3
%4</translation>
    </message>
    <message>
        <location filename="../../agent/ui/editor/dialogs.py" line="170" />
        <source>Changes in this revision</source>
        <translation>Изменения в этой ревизии</translation>
    </message>
    <message>
        <location filename="../../agent/ui/editor/dialogs.py" line="171" />
        <source>Revert to this version…</source>
        <translation>Вернуть эту версию…</translation>
    </message>
    <message>
        <location filename="../../agent/ui/editor/dialogs.py" line="214" />
        <source>Loading…</source>
        <translation>Загрузка…</translation>
    </message>
    <message>
        <location filename="../../agent/ui/editor/dialogs.py" line="219" />
        <source>No changes in the fields an editor sees.</source>
        <translation>Нет изменений в полях, которые видит редактор.</translation>
    </message>
</context><context>
    <name>HistoryModel</name>
    <message>
        <location filename="../../agent/ui/history_panel.py" line="59" />
        <source>When</source>
        <translation>Когда</translation>
    </message>
    <message>
        <location filename="../../agent/ui/history_panel.py" line="59" />
        <source>Number</source>
        <translation>Номер</translation>
    </message>
    <message>
        <location filename="../../agent/ui/history_panel.py" line="59" />
        <source>Caller</source>
        <translation>Абонент</translation>
    </message>
    <message>
        <location filename="../../agent/ui/history_panel.py" line="59" />
        <source>Length</source>
        <translation>Длит.</translation>
    </message>
    <message>
        <location filename="../../agent/ui/history_panel.py" line="60" />
        <source>Wrap-up</source>
        <translation>Итог</translation>
    </message>
    <message>
        <location filename="../../agent/ui/history_panel.py" line="60" />
        <source>Note</source>
        <translation>Заметка</translation>
    </message>
    <message>
        <location filename="../../agent/ui/history_panel.py" line="60" />
        <source>Sync</source>
        <translation>Синхр.</translation>
    </message>
</context><context>
    <name>HistoryPanel</name>
    <message>
        <location filename="../../agent/ui/history_panel.py" line="129" />
        <source>Search past calls: number, caller's name, text, wrap-up</source>
        <translation>Поиск по звонкам: номер, имя, текст, итог</translation>
    </message>
    <message>
        <location filename="../../agent/ui/history_panel.py" line="130" />
        <source>Search call history</source>
        <translation>Поиск в истории звонков</translation>
    </message>
    <message>
        <location filename="../../agent/ui/history_panel.py" line="135" />
        <source>Call history</source>
        <translation>История звонков</translation>
    </message>
    <message>
        <location filename="../../agent/ui/history_panel.py" line="207" />
        <source>Notes: %1 (%2 synced, %3 waiting, %4 failed)</source>
        <translation>Заметок: %1 (отправлено %2, ждут %3, с ошибкой %4)</translation>
    </message>
    <message>
        <location filename="../../agent/ui/history_panel.py" line="136" />
        <source>No calls yet: each call's note appears here.</source>
        <translation>Звонков пока не было: здесь появится заметка каждого звонка.</translation>
    </message>
    <message>
        <location filename="../../agent/ui/history_panel.py" line="207" />
        <source>No past call matches “%1”.</source>
        <translation>Ни один звонок не подходит под «%1».</translation>
    </message>
</context><context>
    <name>HoldBanner</name>
    <message>
        <location filename="../../agent/ui/hold_banner.py" line="47" />
        <source>Resume</source>
        <translation>Вернуть</translation>
    </message>
    <message>
        <location filename="../../agent/ui/hold_banner.py" line="48" />
        <source>Take the caller off hold (%1)</source>
        <translation>Снять абонента с удержания (%1)</translation>
    </message>
    <message>
        <location filename="../../agent/ui/hold_banner.py" line="50" />
        <source>Resume the held call</source>
        <translation>Вернуть звонок с удержания</translation>
    </message>
    <message>
        <location filename="../../agent/ui/hold_banner.py" line="78" />
        <source>%1 on hold %2</source>
        <translation>%1 на удержании %2</translation>
    </message>
    <message>
        <location filename="../../agent/ui/hold_banner.py" line="83" />
        <source>On hold %1</source>
        <translation>На удержании %1</translation>
    </message>
</context><context>
    <name>KbPanel</name>
    <message>
        <location filename="../../agent/ui/kb_panel.py" line="60" />
        <source>Search the knowledge base (%1)</source>
        <translation>Поиск по базе знаний (%1)</translation>
    </message>
    <message>
        <location filename="../../agent/ui/kb_panel.py" line="63" />
        <source>Search the knowledge base</source>
        <translation>Поиск по базе знаний</translation>
    </message>
    <message>
        <location filename="../../agent/ui/kb_panel.py" line="70" />
        <source>All languages</source>
        <translation>Все языки</translation>
    </message>
    <message>
        <location filename="../../agent/ui/kb_panel.py" line="71" />
        <source>Russian</source>
        <translation>Русские</translation>
    </message>
    <message>
        <location filename="../../agent/ui/kb_panel.py" line="72" />
        <source>English</source>
        <translation>Английские</translation>
    </message>
    <message>
        <location filename="../../agent/ui/kb_panel.py" line="74" />
        <source>Language of the articles</source>
        <translation>Язык статей</translation>
    </message>
    <message>
        <location filename="../../agent/ui/kb_panel.py" line="75" />
        <source>Article language</source>
        <translation>Язык статей</translation>
    </message>
    <message>
        <location filename="../../agent/ui/kb_panel.py" line="89" />
        <source>Loading the knowledge base…</source>
        <translation>Загрузка базы знаний…</translation>
    </message>
    <message>
        <location filename="../../agent/ui/kb_panel.py" line="99" />
        <source>Search results</source>
        <translation>Результаты поиска</translation>
    </message>
    <message>
        <location filename="../../agent/ui/kb_panel.py" line="113" />
        <source>Type a few words of what the caller says: «дайте телефон директора», «не слышно», «угрожает»… Arrows choose, Enter opens.</source>
        <translation>Наберите несколько слов из того, что говорит абонент: «дайте телефон директора», «не слышно», «угрожает»… Стрелки выбирают, Enter открывает.</translation>
    </message>
    <message>
        <location filename="../../agent/ui/kb_panel.py" line="136" />
        <source>Knowledge base</source>
        <translation>База знаний</translation>
    </message>
    <message>
        <location filename="../../agent/ui/kb_panel.py" line="197" />
        <location filename="../../agent/ui/kb_panel.py" line="168" />
        <source>Ready. Type to search.</source>
        <translation>Готово. Начните печатать для поиска.</translation>
    </message>
    <message>
        <location filename="../../agent/ui/kb_panel.py" line="173" />
        <source>The knowledge base could not be opened: %1</source>
        <translation>Не удалось открыть базу знаний: %1</translation>
    </message>
    <message numerus="yes">
        <location filename="../../agent/ui/kb_panel.py" line="218" />
        <source>%n result(s)</source>
        <translation>
            <numerusform>%n результат</numerusform>
            <numerusform>%n результата</numerusform>
            <numerusform>%n результатов</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../agent/ui/kb_panel.py" line="220" />
        <source>in other languages</source>
        <translation>на других языках</translation>
    </message>
    <message>
        <location filename="../../agent/ui/kb_panel.py" line="222" />
        <source>Keep typing: the word is only begun.</source>
        <translation>Печатайте дальше: слово только начато.</translation>
    </message>
    <message>
        <location filename="../../agent/ui/kb_panel.py" line="222" />
        <source>Nothing found. Try other words or the other language.</source>
        <translation>Ничего не найдено. Попробуйте другие слова или другой язык.</translation>
    </message>
    <message>
        <location filename="../../agent/ui/kb_panel.py" line="224" />
        <source>(the index is being rebuilt; results may be incomplete)</source>
        <translation>(индекс перестраивается, результаты могут быть неполными)</translation>
    </message>
    <message>
        <location filename="../../agent/ui/kb_panel.py" line="230" />
        <source>Search failed: %1</source>
        <translation>Ошибка поиска: %1</translation>
    </message>
    <message>
        <location filename="../../agent/ui/kb_panel.py" line="281" />
        <source>That article is not in the knowledge base.</source>
        <translation>Такой статьи нет в базе знаний.</translation>
    </message>
</context><context>
    <name>LinesModel</name>
    <message>
        <location filename="../../agent/ui/lines_model.py" line="32" />
        <source>Waiting</source>
        <translation>Ожидает</translation>
    </message>
    <message>
        <location filename="../../agent/ui/lines_model.py" line="39" />
        <location filename="../../agent/ui/lines_model.py" line="33" />
        <source>Ringing</source>
        <translation>Звонит</translation>
    </message>
    <message>
        <location filename="../../agent/ui/lines_model.py" line="35" />
        <source>Calling</source>
        <translation>Вызов</translation>
    </message>
    <message>
        <location filename="../../agent/ui/lines_model.py" line="38" />
        <source>Ringing out</source>
        <translation>Гудки</translation>
    </message>
    <message>
        <location filename="../../agent/ui/lines_model.py" line="41" />
        <source>Connecting</source>
        <translation>Соединение</translation>
    </message>
    <message>
        <location filename="../../agent/ui/lines_model.py" line="44" />
        <source>On hold</source>
        <translation>На удержании</translation>
    </message>
    <message>
        <location filename="../../agent/ui/lines_model.py" line="46" />
        <source>Held by caller</source>
        <translation>Удерживает абонент</translation>
    </message>
    <message>
        <location filename="../../agent/ui/lines_model.py" line="48" />
        <source>Consulting</source>
        <translation>Консультация</translation>
    </message>
    <message>
        <location filename="../../agent/ui/lines_model.py" line="50" />
        <source>Muted</source>
        <translation>Без звука</translation>
    </message>
    <message>
        <location filename="../../agent/ui/lines_model.py" line="51" />
        <source>Talking</source>
        <translation>Разговор</translation>
    </message>
    <message>
        <location filename="../../agent/ui/lines_model.py" line="52" />
        <source>Ended</source>
        <translation>Завершён</translation>
    </message>
    <message>
        <location filename="../../agent/ui/lines_model.py" line="118" />
        <source>Talk time; on hold: time on hold / the whole call</source>
        <translation>Время разговора; на удержании: время удержания / весь звонок</translation>
    </message>
    <message>
        <location filename="../../agent/ui/lines_model.py" line="121" />
        <source>Caller</source>
        <translation>Абонент</translation>
    </message>
    <message>
        <location filename="../../agent/ui/lines_model.py" line="122" />
        <source>State</source>
        <translation>Состояние</translation>
    </message>
    <message>
        <location filename="../../agent/ui/lines_model.py" line="123" />
        <source>Time</source>
        <translation>Время</translation>
    </message>
    <message>
        <location filename="../../agent/ui/lines_model.py" line="1" />
        <source>Conference</source>
        <translation>Конференция</translation>
    </message>
</context><context>
    <name>MainWindow</name>
    <message>
        <location filename="../../agent/ui/main_window.py" line="54" />
        <location filename="../../agent/ui/ring_notifier.py" line="111" />
        <source>Sufler</source>
        <translation>Суфлёр</translation>
    </message>
    <message>
        <location filename="../../agent/ui/main_window.py" line="352" />
        <location filename="../../agent/ui/main_window.py" line="83" />
        <source>Call note</source>
        <translation>Заметка</translation>
    </message>
    <message>
        <location filename="../../agent/ui/main_window.py" line="305" />
        <location filename="../../agent/ui/main_window.py" line="84" />
        <source>History</source>
        <translation>История</translation>
    </message>
    <message>
        <location filename="../../agent/ui/main_window.py" line="274" />
        <location filename="../../agent/ui/main_window.py" line="85" />
        <source>Callbacks</source>
        <translation>Перезвонить</translation>
    </message>
    <message>
        <location filename="../../agent/ui/main_window.py" line="180" />
        <source>&amp;Sufler</source>
        <translation>&amp;Суфлёр</translation>
    </message>
    <message>
        <location filename="../../agent/ui/main_window.py" line="182" />
        <source>&amp;Settings…</source>
        <translation>&amp;Настройки…</translation>
    </message>
    <message>
        <location filename="../../agent/ui/main_window.py" line="185" />
        <source>&amp;Quit</source>
        <translation>В&amp;ыход</translation>
    </message>
    <message>
        <location filename="../../agent/ui/main_window.py" line="187" />
        <source>&amp;Call</source>
        <translation>&amp;Звонок</translation>
    </message>
    <message>
        <location filename="../../agent/ui/main_window.py" line="191" />
        <source>&amp;Dial…</source>
        <translation>&amp;Набрать…</translation>
    </message>
    <message>
        <location filename="../../agent/ui/main_window.py" line="192" />
        <source>R&amp;edial / call back</source>
        <translation>Наб&amp;рать снова / перезвонить</translation>
    </message>
    <message>
        <location filename="../../agent/ui/main_window.py" line="193" />
        <source>&amp;Answer</source>
        <translation>&amp;Ответить</translation>
    </message>
    <message>
        <location filename="../../agent/ui/main_window.py" line="194" />
        <source>&amp;Reject</source>
        <translation>Отк&amp;лонить</translation>
    </message>
    <message>
        <location filename="../../agent/ui/main_window.py" line="195" />
        <source>&amp;Hold / resume</source>
        <translation>&amp;Удержать / вернуть</translation>
    </message>
    <message>
        <location filename="../../agent/ui/main_window.py" line="196" />
        <source>&amp;Mute</source>
        <translation>&amp;Без звука</translation>
    </message>
    <message>
        <location filename="../../agent/ui/main_window.py" line="197" />
        <source>&amp;Transfer…</source>
        <translation>&amp;Перевести…</translation>
    </message>
    <message>
        <location filename="../../agent/ui/main_window.py" line="198" />
        <source>Hang &amp;up</source>
        <translation>&amp;Завершить</translation>
    </message>
    <message>
        <location filename="../../agent/ui/main_window.py" line="199" />
        <source>&amp;Complete transfer</source>
        <translation>Завершить пере&amp;вод</translation>
    </message>
    <message>
        <location filename="../../agent/ui/main_window.py" line="200" />
        <source>&amp;Back to caller</source>
        <translation>Вернуться к &amp;абоненту</translation>
    </message>
    <message>
        <location filename="../../agent/ui/main_window.py" line="206" />
        <source>Call the su&amp;pervisor…</source>
        <translation>Позвать &amp;супервайзера…</translation>
    </message>
    <message>
        <location filename="../../agent/ui/main_window.py" line="208" />
        <source>Change agent &amp;state</source>
        <translation>Сменить с&amp;татус</translation>
    </message>
    <message>
        <location filename="../../agent/ui/main_window.py" line="211" />
        <source>&amp;Go</source>
        <translation>П&amp;ереход</translation>
    </message>
    <message>
        <location filename="../../agent/ui/main_window.py" line="213" />
        <source>&amp;Search the knowledge base</source>
        <translation>&amp;Поиск по базе знаний</translation>
    </message>
    <message>
        <location filename="../../agent/ui/main_window.py" line="215" />
        <source>Call &amp;note</source>
        <translation>&amp;Заметка звонка</translation>
    </message>
    <message>
        <location filename="../../agent/ui/main_window.py" line="216" />
        <source>Call &amp;history</source>
        <translation>&amp;История звонков</translation>
    </message>
    <message>
        <location filename="../../agent/ui/main_window.py" line="218" />
        <source>Callbacks &amp;due</source>
        <translation>&amp;Обещанные звонки</translation>
    </message>
    <message>
        <location filename="../../agent/ui/main_window.py" line="220" />
        <source>&amp;Complete the note</source>
        <translation>&amp;Готово: закрыть заметку</translation>
    </message>
    <message>
        <location filename="../../agent/ui/main_window.py" line="223" />
        <source>&amp;Help</source>
        <translation>Сп&amp;равка</translation>
    </message>
    <message>
        <location filename="../../agent/ui/main_window.py" line="225" />
        <source>&amp;Keyboard shortcuts</source>
        <translation>&amp;Горячие клавиши</translation>
    </message>
    <message>
        <location filename="../../agent/ui/main_window.py" line="228" />
        <source>&amp;Diagnostics…</source>
        <translation>&amp;Диагностика…</translation>
    </message>
    <message>
        <location filename="../../agent/ui/main_window.py" line="229" />
        <source>&amp;About Sufler</source>
        <translation>&amp;О программе Sufler</translation>
    </message>
    <message>
        <location filename="../../agent/ui/main_window.py" line="273" />
        <source>Callbacks (%1)</source>
        <translation>Перезвонить (%1)</translation>
    </message>
    <message>
        <location filename="../../agent/ui/main_window.py" line="285" />
        <source>Missed call: %1</source>
        <translation>Пропущенный звонок: %1</translation>
    </message>
    <message>
        <location filename="../../agent/ui/main_window.py" line="304" />
        <source>History (%1 missed)</source>
        <translation>История (пропущено: %1)</translation>
    </message>
    <message>
        <location filename="../../agent/ui/main_window.py" line="306" />
        <source>Missed: %1</source>
        <translation>Пропущены: %1</translation>
    </message>
    <message>
        <location filename="../../agent/ui/main_window.py" line="310" />
        <source>Callback due: %1</source>
        <translation>Пора перезвонить: %1</translation>
    </message>
    <message>
        <location filename="../../agent/ui/main_window.py" line="338" />
        <source>Search the knowledge base</source>
        <translation>Поиск по базе знаний</translation>
    </message>
    <message>
        <location filename="../../agent/ui/main_window.py" line="339" />
        <source>Back to the search (clears it when already there)</source>
        <translation>Назад к поиску (если уже там — очистить его)</translation>
    </message>
    <message>
        <location filename="../../agent/ui/main_window.py" line="340" />
        <source>Arrows, Enter</source>
        <translation>Стрелки, Enter</translation>
    </message>
    <message>
        <location filename="../../agent/ui/main_window.py" line="340" />
        <source>Choose and open a result</source>
        <translation>Выбрать и открыть результат</translation>
    </message>
    <message>
        <location filename="../../agent/ui/main_window.py" line="341" />
        <source>Copy reply 1…9 of the open article</source>
        <translation>Скопировать фразу 1…9 открытой статьи</translation>
    </message>
    <message>
        <location filename="../../agent/ui/main_window.py" line="342" />
        <source>Dial a number (Down lists the recent ones)</source>
        <translation>Набрать номер (стрелка вниз — недавние номера)</translation>
    </message>
    <message>
        <location filename="../../agent/ui/main_window.py" line="343" />
        <source>Call the last number again</source>
        <translation>Позвонить на последний номер ещё раз</translation>
    </message>
    <message>
        <location filename="../../agent/ui/main_window.py" line="344" />
        <source>Answer</source>
        <translation>Ответить</translation>
    </message>
    <message>
        <location filename="../../agent/ui/main_window.py" line="345" />
        <source>Reject</source>
        <translation>Отклонить</translation>
    </message>
    <message>
        <location filename="../../agent/ui/main_window.py" line="346" />
        <source>Hold / resume</source>
        <translation>Удержать / вернуть</translation>
    </message>
    <message>
        <location filename="../../agent/ui/main_window.py" line="347" />
        <source>Mute</source>
        <translation>Без звука</translation>
    </message>
    <message>
        <location filename="../../agent/ui/main_window.py" line="348" />
        <source>Transfer</source>
        <translation>Перевести</translation>
    </message>
    <message>
        <location filename="../../agent/ui/main_window.py" line="349" />
        <source>Hang up</source>
        <translation>Завершить</translation>
    </message>
    <message>
        <location filename="../../agent/ui/main_window.py" line="350" />
        <source>Complete transfer (after a consultation)</source>
        <translation>Завершить перевод (после консультации)</translation>
    </message>
    <message>
        <location filename="../../agent/ui/main_window.py" line="351" />
        <source>Back to caller (end the consultation)</source>
        <translation>Вернуться к абоненту (закончить консультацию)</translation>
    </message>
    <message>
        <location filename="../../agent/ui/main_window.py" line="353" />
        <source>Complete the note (ends the wrap-up)</source>
        <translation>Закрыть заметку (заканчивает постобработку)</translation>
    </message>
    <message>
        <location filename="../../agent/ui/main_window.py" line="354" />
        <source>Call history</source>
        <translation>История звонков</translation>
    </message>
    <message>
        <location filename="../../agent/ui/main_window.py" line="355" />
        <source>Change agent state</source>
        <translation>Сменить статус</translation>
    </message>
    <message>
        <location filename="../../agent/ui/main_window.py" line="356" />
        <source>Call the supervisor (raise a hand)</source>
        <translation>Позвать супервайзера (поднять руку)</translation>
    </message>
    <message>
        <location filename="../../agent/ui/main_window.py" line="357" />
        <source>Callbacks due; Enter calls</source>
        <translation>Обещанные звонки; Enter — позвонить</translation>
    </message>
    <message>
        <location filename="../../agent/ui/main_window.py" line="358" />
        <source>Settings</source>
        <translation>Настройки</translation>
    </message>
    <message>
        <location filename="../../agent/ui/main_window.py" line="359" />
        <source>Next / previous field; the note passes Tab on too</source>
        <translation>Следующее / предыдущее поле; заметка тоже пропускает Tab</translation>
    </message>
    <message>
        <location filename="../../agent/ui/main_window.py" line="360" />
        <source>This list</source>
        <translation>Этот список</translation>
    </message>
    <message>
        <location filename="../../agent/ui/main_window.py" line="367" />
        <source>Keyboard shortcuts</source>
        <translation>Горячие клавиши</translation>
    </message>
    <message>
        <location filename="../../agent/ui/main_window.py" line="1" />
        <source>S&amp;wap calls</source>
        <translation>Переключ&amp;ить линии</translation>
    </message>
    <message>
        <location filename="../../agent/ui/main_window.py" line="1" />
        <source>Con&amp;ference</source>
        <translation>&amp;Конференция</translation>
    </message>
    <message>
        <location filename="../../agent/ui/main_window.py" line="1" />
        <source>Swap: hold this caller, talk to the held one</source>
        <translation>Переключить: удержать этого абонента, говорить с ожидающим</translation>
    </message>
    <message>
        <location filename="../../agent/ui/main_window.py" line="1" />
        <source>Conference: join the two calls</source>
        <translation>Конференция: соединить два звонка</translation>
    </message>
    <message>
        <location filename="../../agent/ui/main_window.py" line="1" />
        <source>Do not disturb: refuse incoming calls</source>
        <translation>Не беспокоить: отклонять входящие звонки</translation>
    </message>
    <message>
        <location filename="../../agent/ui/main_window.py" line="229" />
        <source>Recent &amp;messages</source>
        <translation>Последние &amp;сообщения</translation>
    </message>
    <message>
        <location filename="../../agent/ui/main_window.py" line="371" />
        <source>Recent messages, whole (also: click the message)</source>
        <translation>Последние сообщения целиком (или щелчок по сообщению)</translation>
    </message>
    <message>
        <location filename="../../agent/ui/main_window.py" line="279" />
        <source>There is no call note yet: the note opens with the next call.</source>
        <translation>Заметки пока нет: она откроется со следующим звонком.</translation>
    </message>
    <message>
        <location filename="../../agent/ui/main_window.py" line="1" />
        <source>Missed call from %1. %2</source>
        <translation>Пропущенный звонок от %1. %2</translation>
    </message>
</context><context>
    <name>NotesPanel</name>
    <message>
        <location filename="../../agent/ui/notes_panel.py" line="271" />
        <location filename="../../agent/ui/notes_panel.py" line="87" />
        <source>No call yet. The note of the next call appears here.</source>
        <translation>Звонков пока нет. Здесь появится заметка следующего звонка.</translation>
    </message>
    <message>
        <location filename="../../agent/ui/notes_panel.py" line="94" />
        <source>Caller's name</source>
        <translation>Имя абонента</translation>
    </message>
    <message>
        <location filename="../../agent/ui/notes_panel.py" line="95" />
        <source>How the caller introduced themselves</source>
        <translation>Как представился абонент</translation>
    </message>
    <message>
        <location filename="../../agent/ui/notes_panel.py" line="98" />
        <source>Wrap-up code</source>
        <translation>Итог звонка</translation>
    </message>
    <message>
        <location filename="../../agent/ui/notes_panel.py" line="106" />
        <source>Note text</source>
        <translation>Текст заметки</translation>
    </message>
    <message>
        <location filename="../../agent/ui/notes_panel.py" line="107" />
        <source>What the caller wanted, what was agreed…</source>
        <translation>Что хотел абонент, о чём договорились…</translation>
    </message>
    <message>
        <location filename="../../agent/ui/notes_panel.py" line="110" />
        <source>Complaint</source>
        <translation>Претензия</translation>
    </message>
    <message>
        <location filename="../../agent/ui/notes_panel.py" line="115" />
        <source>Complaint subject</source>
        <translation>Тема претензии</translation>
    </message>
    <message>
        <location filename="../../agent/ui/notes_panel.py" line="117" />
        <source>Complaint details</source>
        <translation>Суть претензии</translation>
    </message>
    <message>
        <location filename="../../agent/ui/notes_panel.py" line="121" />
        <source>Contact for the answer</source>
        <translation>Контакт для ответа</translation>
    </message>
    <message>
        <location filename="../../agent/ui/notes_panel.py" line="122" />
        <source>Phone or e-mail for the answer</source>
        <translation>Телефон или e-mail для ответа</translation>
    </message>
    <message>
        <location filename="../../agent/ui/notes_panel.py" line="124" />
        <source>Subject:</source>
        <translation>Тема:</translation>
    </message>
    <message>
        <location filename="../../agent/ui/notes_panel.py" line="125" />
        <source>Details:</source>
        <translation>Суть:</translation>
    </message>
    <message>
        <location filename="../../agent/ui/notes_panel.py" line="126" />
        <source>Answer to:</source>
        <translation>Ответ на:</translation>
    </message>
    <message>
        <location filename="../../agent/ui/notes_panel.py" line="128" />
        <source>Callback</source>
        <translation>Обратный звонок</translation>
    </message>
    <message>
        <location filename="../../agent/ui/notes_panel.py" line="133" />
        <source>Callback number</source>
        <translation>Номер для обратного звонка</translation>
    </message>
    <message>
        <location filename="../../agent/ui/notes_panel.py" line="135" />
        <source>Callback time</source>
        <translation>Время обратного звонка</translation>
    </message>
    <message>
        <location filename="../../agent/ui/notes_panel.py" line="139" />
        <source>Callback comment</source>
        <translation>Комментарий к обратному звонку</translation>
    </message>
    <message>
        <location filename="../../agent/ui/notes_panel.py" line="141" />
        <source>Number:</source>
        <translation>Номер:</translation>
    </message>
    <message>
        <location filename="../../agent/ui/notes_panel.py" line="142" />
        <source>When:</source>
        <translation>Когда:</translation>
    </message>
    <message>
        <location filename="../../agent/ui/notes_panel.py" line="143" />
        <source>Comment:</source>
        <translation>Комментарий:</translation>
    </message>
    <message>
        <location filename="../../agent/ui/notes_panel.py" line="147" />
        <source>Complete note</source>
        <translation>Закрыть заметку</translation>
    </message>
    <message>
        <location filename="../../agent/ui/notes_panel.py" line="150" />
        <source>Finish the note and end the wrap-up (%1)</source>
        <translation>Закрыть заметку и закончить постобработку (%1)</translation>
    </message>
    <message>
        <location filename="../../agent/ui/notes_panel.py" line="155" />
        <source>Caller &amp;name:</source>
        <translation>&amp;Имя абонента:</translation>
    </message>
    <message>
        <location filename="../../agent/ui/notes_panel.py" line="156" />
        <source>&amp;Wrap-up:</source>
        <translation>Ит&amp;ог:</translation>
    </message>
    <message>
        <location filename="../../agent/ui/notes_panel.py" line="160" />
        <source>N&amp;ote:</source>
        <translation>Заме&amp;тка:</translation>
    </message>
    <message>
        <location filename="../../agent/ui/notes_panel.py" line="274" />
        <source>outgoing</source>
        <translation>исходящий</translation>
    </message>
    <message>
        <location filename="../../agent/ui/notes_panel.py" line="275" />
        <source>incoming</source>
        <translation>входящий</translation>
    </message>
    <message>
        <location filename="../../agent/ui/notes_panel.py" line="277" />
        <source>Call with %1, %2, %3</source>
        <translation>Звонок %1, %2, %3</translation>
    </message>
    <message>
        <location filename="../../agent/ui/notes_panel.py" line="281" />
        <source>ended</source>
        <translation>завершён</translation>
    </message>
    <message>
        <location filename="../../agent/ui/notes_panel.py" line="286" />
        <source>Articles used: %1</source>
        <translation>Использованы статьи: %1</translation>
    </message>
    <message>
        <location filename="../../agent/ui/notes_panel.py" line="288" />
        <source>Articles used: none yet</source>
        <translation>Статьи пока не использованы</translation>
    </message>
    <message>
        <location filename="../../agent/ui/notes_panel.py" line="303" />
        <source>Saving…</source>
        <translation>Сохранение…</translation>
    </message>
    <message>
        <location filename="../../agent/ui/notes_panel.py" line="342" />
        <source>Saved</source>
        <translation>Сохранено</translation>
    </message>
    <message>
        <location filename="../../agent/ui/notes_panel.py" line="346" />
        <source>Not saved: %1</source>
        <translation>Не сохранено: %1</translation>
    </message>
    <message>
        <location filename="../../agent/ui/notes_panel.py" line="353" />
        <source>Choose a wrap-up code to complete the note.</source>
        <translation>Чтобы закрыть заметку, выберите итог звонка.</translation>
    </message>
</context><context>
    <name>PreviewCall</name>
    <message>
        <location filename="../../agent/ui/editor/preview.py" line="67" />
        <source>In the preview, actions are shown but not run.</source>
        <translation>В просмотре действия показаны, но не выполняются.</translation>
    </message>
</context><context>
    <name>PreviewPane</name>
    <message>
        <location filename="../../agent/ui/editor/preview.py" line="87" />
        <source>As operators will see it (sample values for placeholders)</source>
        <translation>Так увидят операторы (подстановки заполнены примерами)</translation>
    </message>
</context><context>
    <name>Problems</name>
    <message>
        <location filename="../../agent/ui/problems.py" line="30" />
        <source>The phone reported a problem: {message}</source>
        <translation>Телефон сообщил о сбое: {message}</translation>
    </message>
    <message>
        <location filename="../../agent/ui/problems.py" line="32" />
        <source>The phone engine did not understand a command: {detail}</source>
        <translation>Телефонный модуль не понял команду: {detail}</translation>
    </message>
    <message>
        <location filename="../../agent/ui/problems.py" line="34" />
        <source>“{target}” is not a SIP address and no SIP server is set: type sip:user@host, or set the SIP server in the settings (Ctrl+,).</source>
        <translation>«{target}» — не SIP-адрес, а SIP-сервер не задан: наберите sip:пользователь@адрес или укажите SIP-сервер в настройках (Ctrl+,).</translation>
    </message>
    <message>
        <location filename="../../agent/ui/problems.py" line="37" />
        <source>All lines are busy: end or transfer a call first.</source>
        <translation>Все линии заняты: сначала завершите или переведите звонок.</translation>
    </message>
    <message>
        <location filename="../../agent/ui/problems.py" line="38" />
        <source>Cannot call {target}: {detail}</source>
        <translation>Не удалось позвонить на {target}: {detail}</translation>
    </message>
    <message>
        <location filename="../../agent/ui/problems.py" line="39" />
        <source>There is no call.</source>
        <translation>Звонка нет.</translation>
    </message>
    <message>
        <location filename="../../agent/ui/problems.py" line="40" />
        <source>Call {call} no longer exists.</source>
        <translation>Звонка {call} больше нет.</translation>
    </message>
    <message>
        <location filename="../../agent/ui/problems.py" line="40" />
        <source>Call {call} has already ended.</source>
        <translation>Звонок {call} уже завершён.</translation>
    </message>
    <message>
        <location filename="../../agent/ui/problems.py" line="40" />
        <source>Call {call} is not connected yet.</source>
        <translation>Звонок {call} ещё не соединён.</translation>
    </message>
    <message>
        <location filename="../../agent/ui/problems.py" line="40" />
        <source>Call {call} is no longer ringing.</source>
        <translation>Вызов {call} уже не ждёт ответа.</translation>
    </message>
    <message>
        <location filename="../../agent/ui/problems.py" line="45" />
        <source>No call is ringing.</source>
        <translation>Входящих звонков нет.</translation>
    </message>
    <message>
        <location filename="../../agent/ui/problems.py" line="40" />
        <source>Call {call} is not on hold.</source>
        <translation>Звонок {call} не на удержании.</translation>
    </message>
    <message>
        <location filename="../../agent/ui/problems.py" line="40" />
        <source>Call {call} is already on hold.</source>
        <translation>Звонок {call} уже на удержании.</translation>
    </message>
    <message>
        <location filename="../../agent/ui/problems.py" line="48" />
        <source>No call is on hold.</source>
        <translation>Нет звонков на удержании.</translation>
    </message>
    <message>
        <location filename="../../agent/ui/problems.py" line="40" />
        <source>Call {call} could not be put on hold ({detail}). Try again.</source>
        <translation>Не удалось поставить звонок {call} на удержание ({detail}). Попробуйте ещё раз.</translation>
    </message>
    <message>
        <location filename="../../agent/ui/problems.py" line="40" />
        <source>Call {call} could not be taken off hold ({detail}). Try again.</source>
        <translation>Не удалось снять звонок {call} с удержания ({detail}). Попробуйте ещё раз.</translation>
    </message>
    <message>
        <location filename="../../agent/ui/problems.py" line="53" />
        <source>There is no call in conversation.</source>
        <translation>Нет звонка, в котором идёт разговор.</translation>
    </message>
    <message>
        <location filename="../../agent/ui/problems.py" line="54" />
        <source>There is no other connected call.</source>
        <translation>Другого соединённого звонка нет.</translation>
    </message>
    <message>
        <location filename="../../agent/ui/problems.py" line="40" />
        <source>Call {call} cannot be paired with itself.</source>
        <translation>Звонок {call} нельзя соединить с самим собой.</translation>
    </message>
    <message>
        <location filename="../../agent/ui/problems.py" line="57" />
        <source>{count} calls are up: choose the call first.</source>
        <translation>Идёт звонков: {count}. Сначала выберите звонок.</translation>
    </message>
    <message>
        <location filename="../../agent/ui/problems.py" line="59" />
        <source>The calls are in a conference: hold or hang up one of them first.</source>
        <translation>Звонки в конференции: сначала поставьте один из них на удержание или завершите его.</translation>
    </message>
    <message>
        <location filename="../../agent/ui/problems.py" line="61" />
        <source>This call cannot carry key tones (no RFC 2833 telephone-event).</source>
        <translation>В этом звонке нельзя передать тоновые сигналы (нет RFC 2833 telephone-event).</translation>
    </message>
    <message>
        <location filename="../../agent/ui/problems.py" line="63" />
        <source>No PBX queue code is set for “{action}”: ask IT to set it.</source>
        <translation>Для «{action}» не задан код очереди АТС: попросите ИТ его указать.</translation>
    </message>
    <message>
        <location filename="../../agent/ui/problems.py" line="65" />
        <source>There is no consultation call to complete or cancel.</source>
        <translation>Нет консультации, которую можно завершить или отменить.</translation>
    </message>
    <message>
        <location filename="../../agent/ui/problems.py" line="67" />
        <source>The consultation call is not answered yet.</source>
        <translation>На консультационный звонок ещё не ответили.</translation>
    </message>
    <message>
        <location filename="../../agent/ui/problems.py" line="69" />
        <source>One of the consultation calls has ended.</source>
        <translation>Один из звонков консультации завершился.</translation>
    </message>
    <message>
        <location filename="../../agent/ui/problems.py" line="71" />
        <source>The transfer of call {call} could not be sent: {detail}</source>
        <translation>Не удалось отправить перевод звонка {call}: {detail}</translation>
    </message>
    <message>
        <location filename="../../agent/ui/problems.py" line="73" />
        <source>The recording “{file}” is not installed.</source>
        <translation>Запись «{file}» не установлена.</translation>
    </message>
    <message>
        <location filename="../../agent/ui/problems.py" line="34" />
        <source>“{file}” is not one of the installed recordings: only those can be played into a call.</source>
        <translation>«{file}» — не из установленных записей: в звонок можно проигрывать только их.</translation>
    </message>
    <message>
        <location filename="../../agent/ui/problems.py" line="40" />
        <source>Call {call} has no audio yet.</source>
        <translation>В звонке {call} ещё нет звука.</translation>
    </message>
    <message>
        <location filename="../../agent/ui/problems.py" line="79" />
        <source>The sound devices cannot be opened: {detail}</source>
        <translation>Не удаётся открыть звуковые устройства: {detail}</translation>
    </message>
    <message>
        <location filename="../../agent/ui/problems.py" line="81" />
        <source>The sound device {device} cannot be used ({detail}); the system default is used instead.</source>
        <translation>Звуковое устройство {device} недоступно ({detail}); используется системное по умолчанию.</translation>
    </message>
    <message>
        <location filename="../../agent/ui/problems.py" line="84" />
        <source>No sound: the audio bridge is unavailable ({detail}).</source>
        <translation>Звука нет: аудиомост недоступен ({detail}).</translation>
    </message>
    <message>
        <location filename="../../agent/ui/problems.py" line="86" />
        <source>No SIP account is set: fill in the SIP server and user in the settings (Ctrl+,).</source>
        <translation>SIP-учётная запись не задана: укажите SIP-сервер и пользователя в настройках (Ctrl+,).</translation>
    </message>
    <message>
        <location filename="../../agent/ui/problems.py" line="89" />
        <source>Unknown SIP transport “{transport}”: choose UDP, TCP or TLS in the settings (Ctrl+,).</source>
        <translation>Неизвестный SIP-транспорт «{transport}»: выберите UDP, TCP или TLS в настройках (Ctrl+,).</translation>
    </message>
    <message>
        <location filename="../../agent/ui/problems.py" line="1" />
        <source>The {transport} connection for SIP cannot be opened: {detail}</source>
        <translation>Не удаётся открыть соединение {transport} для SIP: {detail}</translation>
    </message>
    <message>
        <location filename="../../agent/ui/problems.py" line="94" />
        <source>The SIP account cannot be set up: {detail}</source>
        <translation>Не удаётся настроить SIP-учётную запись: {detail}</translation>
    </message>
    <message>
        <location filename="../../agent/ui/problems.py" line="96" />
        <source>No SIP password is saved for {account}: enter it in the settings (Ctrl+,).</source>
        <translation>Для {account} не сохранён SIP-пароль: введите его в настройках (Ctrl+,).</translation>
    </message>
    <message>
        <location filename="../../agent/ui/problems.py" line="98" />
        <source>SIP cannot start: {detail}</source>
        <translation>SIP не запускается: {detail}</translation>
    </message>
    <message>
        <location filename="../../agent/ui/problems.py" line="100" />
        <source>The phone could not do “{command}”: {detail}</source>
        <translation>Телефон не смог выполнить «{command}»: {detail}</translation>
    </message>
    <message>
        <location filename="../../agent/ui/problems.py" line="102" />
        <source>The phone engine failed inside ({detail}); tell IT if it happens again.</source>
        <translation>Внутренний сбой телефонного модуля ({detail}); если повторится, сообщите в ИТ.</translation>
    </message>
    <message>
        <location filename="../../agent/ui/problems.py" line="103" />
        <source>not found ({code} {reason})</source>
        <translation>не найден ({code} {reason})</translation>
    </message>
    <message>
        <location filename="../../agent/ui/problems.py" line="7" />
        <source>busy ({code} {reason})</source>
        <translation>занято ({code} {reason})</translation>
    </message>
    <message>
        <location filename="../../agent/ui/problems.py" line="105" />
        <source>no answer ({code} {reason})</source>
        <translation>нет ответа ({code} {reason})</translation>
    </message>
    <message>
        <location filename="../../agent/ui/problems.py" line="106" />
        <source>declined ({code} {reason})</source>
        <translation>отклонён ({code} {reason})</translation>
    </message>
    <message>
        <location filename="../../agent/ui/problems.py" line="107" />
        <source>cannot be reached ({code} {reason})</source>
        <translation>недоступен ({code} {reason})</translation>
    </message>
    <message>
        <location filename="../../agent/ui/problems.py" line="109" />
        <source>wrong user name or password ({code} {reason})</source>
        <translation>неверное имя пользователя или пароль ({code} {reason})</translation>
    </message>
    <message>
        <location filename="../../agent/ui/problems.py" line="110" />
        <source>refused ({code} {reason})</source>
        <translation>отказ ({code} {reason})</translation>
    </message>
    <message>
        <location filename="../../agent/ui/problems.py" line="112" />
        <source>no sound from the other side for {seconds} s</source>
        <translation>нет звука от собеседника {seconds} с</translation>
    </message>
    <message>
        <location filename="../../agent/ui/problems.py" line="114" />
        <source>the other side stopped answering ({code} {reason})</source>
        <translation>собеседник перестал отвечать ({code} {reason})</translation>
    </message>
    <message>
        <location filename="../../agent/ui/problems.py" line="116" />
        <source>no final answer within {seconds} s</source>
        <translation>нет окончательного ответа за {seconds} с</translation>
    </message>
    <message>
        <location filename="../../agent/ui/problems.py" line="116" />
        <source>no final answer within {seconds} s, and the other side holds the call: it may have reached the target</source>
        <translation>нет окончательного ответа за {seconds} с, а собеседник держит звонок на удержании: возможно, он уже соединён с адресатом</translation>
    </message>
    <message>
        <location filename="../../agent/ui/problems.py" line="121" />
        <source>the call ended before the transfer was confirmed</source>
        <translation>звонок завершился до подтверждения перевода</translation>
    </message>
    <message>
        <location filename="../../agent/ui/problems.py" line="123" />
        <source>The phone engine is not running.</source>
        <translation>Телефонный модуль не запущен.</translation>
    </message>
    <message>
        <location filename="../../agent/ui/problems.py" line="125" />
        <source>The phone engine cannot start ({program}); tell IT.</source>
        <translation>Телефонный модуль не запускается ({program}); сообщите в ИТ.</translation>
    </message>
    <message>
        <location filename="../../agent/ui/problems.py" line="127" />
        <source>The phone engine sent something this desk does not understand ({detail}).</source>
        <translation>Телефонный модуль прислал то, что это рабочее место не понимает ({detail}).</translation>
    </message>
    <message>
        <location filename="../../agent/ui/problems.py" line="130" />
        <source>The phone engine is another version (protocol {version}, expected {expected}); tell IT.</source>
        <translation>Телефонный модуль другой версии (протокол {version}, ожидается {expected}); сообщите в ИТ.</translation>
    </message>
    <message>
        <location filename="../../agent/ui/problems.py" line="132" />
        <source>on request</source>
        <translation>по запросу</translation>
    </message>
    <message>
        <location filename="../../agent/ui/problems.py" line="133" />
        <source>it crashed; restarting</source>
        <translation>аварийно завершился; перезапускаем</translation>
    </message>
    <message>
        <location filename="../../agent/ui/problems.py" line="135" />
        <source>it exited (code {code}); restarting</source>
        <translation>завершился (код {code}); перезапускаем</translation>
    </message>
    <message>
        <location filename="../../agent/ui/problems.py" line="137" />
        <source>it did not start (code {code}); trying again</source>
        <translation>не запустился (код {code}); пробуем снова</translation>
    </message>
</context><context>
    <name>Reasons</name>
    <message>
        <location filename="../../agent/ui/status_bar.py" line="30" />
        <source>Break</source>
        <translation>Перерыв</translation>
    </message>
    <message>
        <location filename="../../agent/ui/status_bar.py" line="31" />
        <source>Lunch</source>
        <translation>Обед</translation>
    </message>
    <message>
        <location filename="../../agent/ui/status_bar.py" line="32" />
        <source>Training</source>
        <translation>Обучение</translation>
    </message>
    <message>
        <location filename="../../agent/ui/status_bar.py" line="33" />
        <source>Meeting</source>
        <translation>Собрание</translation>
    </message>
</context><context>
    <name>Refusals</name>
    <message>
        <location filename="../../agent/ui/phone_state.py" line="1" />
        <source>Turned away: Do not disturb was on</source>
        <translation>Отклонён: был включён режим «Не беспокоить»</translation>
    </message>
    <message>
        <location filename="../../agent/ui/phone_state.py" line="1" />
        <source>Turned away: you were in Wrap-up</source>
        <translation>Отклонён: вы были в постобработке</translation>
    </message>
    <message>
        <location filename="../../agent/ui/phone_state.py" line="1" />
        <source>Turned away: you were Not ready (%1)</source>
        <translation>Отклонён: вы были «Не готов» (%1)</translation>
    </message>
    <message>
        <location filename="../../agent/ui/phone_state.py" line="1" />
        <source>Turned away: you were Not ready</source>
        <translation>Отклонён: вы были «Не готов»</translation>
    </message>
    <message>
        <location filename="../../agent/ui/phone_state.py" line="1" />
        <source>Turned away: all lines were busy</source>
        <translation>Отклонён: все линии были заняты</translation>
    </message>
</context><context>
    <name>RepliesEditor</name>
    <message>
        <location filename="../../agent/ui/editor/lists.py" line="160" />
        <source>Add reply</source>
        <translation>Добавить реплику</translation>
    </message>
</context><context>
    <name>ReplyCard</name>
    <message>
        <location filename="../../agent/ui/reply_cards.py" line="69" />
        <location filename="../../agent/ui/reply_cards.py" line="51" />
        <location filename="../../agent/ui/reply_cards.py" line="45" />
        <source>Copy</source>
        <translation>Копировать</translation>
    </message>
    <message>
        <location filename="../../agent/ui/reply_cards.py" line="67" />
        <source>Copy this reply to the clipboard</source>
        <translation>Скопировать фразу в буфер обмена</translation>
    </message>
    <message>
        <location filename="../../agent/ui/reply_cards.py" line="76" />
        <source>not filled: %1</source>
        <translation>не заполнено: %1</translation>
    </message>
    <message>
        <location filename="../../agent/ui/reply_cards.py" line="78" />
        <source>Still empty: %1</source>
        <translation>Ещё не заполнено: %1</translation>
    </message>
    <message>
        <location filename="../../agent/ui/reply_cards.py" line="80" />
        <source>Reply %1</source>
        <translation>Фраза %1</translation>
    </message>
    <message>
        <location filename="../../agent/ui/reply_cards.py" line="87" />
        <source>Copied</source>
        <translation>Скопировано</translation>
    </message>
</context><context>
    <name>ReplyRow</name>
    <message>
        <location filename="../../agent/ui/editor/lists.py" line="129" />
        <source>Reply</source>
        <translation>Реплика</translation>
    </message>
    <message>
        <location filename="../../agent/ui/editor/lists.py" line="152" />
        <source>Unknown placeholder: %1. Known: %2</source>
        <translation>Неизвестная подстановка: %1. Известные: %2</translation>
    </message>
</context><context>
    <name>ReportsPanel</name>
    <message>
        <location filename="../../agent/ui/supervisor/reports.py" line="81" />
        <source>From</source>
        <translation>С</translation>
    </message>
    <message>
        <location filename="../../agent/ui/supervisor/reports.py" line="81" />
        <source>To</source>
        <translation>По</translation>
    </message>
    <message>
        <location filename="../../agent/ui/supervisor/reports.py" line="87" />
        <source>Group:</source>
        <translation>Группа:</translation>
    </message>
    <message>
        <location filename="../../agent/ui/supervisor/reports.py" line="89" />
        <source>Group</source>
        <translation>Группа</translation>
    </message>
    <message>
        <location filename="../../agent/ui/supervisor/reports.py" line="91" />
        <source>Chart:</source>
        <translation>График:</translation>
    </message>
    <message>
        <location filename="../../agent/ui/supervisor/reports.py" line="93" />
        <source>Chart</source>
        <translation>График</translation>
    </message>
    <message>
        <location filename="../../agent/ui/supervisor/reports.py" line="94" />
        <source>Calls per operator</source>
        <translation>Звонки по операторам</translation>
    </message>
    <message>
        <location filename="../../agent/ui/supervisor/reports.py" line="95" />
        <source>Handle time and hold</source>
        <translation>Время обработки и удержания</translation>
    </message>
    <message>
        <location filename="../../agent/ui/supervisor/reports.py" line="96" />
        <source>KB articles used</source>
        <translation>Использованные статьи</translation>
    </message>
    <message>
        <location filename="../../agent/ui/supervisor/reports.py" line="97" />
        <source>Calls per day (range)</source>
        <translation>Звонки по дням (период)</translation>
    </message>
    <message>
        <location filename="../../agent/ui/supervisor/reports.py" line="100" />
        <source>Show</source>
        <translation>Показать</translation>
    </message>
    <message>
        <location filename="../../agent/ui/supervisor/reports.py" line="113" />
        <source>Operator</source>
        <translation>Оператор</translation>
    </message>
    <message>
        <location filename="../../agent/ui/supervisor/reports.py" line="113" />
        <source>In</source>
        <translation>Вход.</translation>
    </message>
    <message>
        <location filename="../../agent/ui/supervisor/reports.py" line="113" />
        <source>Answered</source>
        <translation>Принято</translation>
    </message>
    <message>
        <location filename="../../agent/ui/supervisor/reports.py" line="113" />
        <source>Missed</source>
        <translation>Пропущено</translation>
    </message>
    <message>
        <location filename="../../agent/ui/supervisor/reports.py" line="114" />
        <source>Out</source>
        <translation>Исх.</translation>
    </message>
    <message>
        <location filename="../../agent/ui/supervisor/reports.py" line="114" />
        <source>AHT</source>
        <translation>Ср. обработка</translation>
    </message>
    <message>
        <location filename="../../agent/ui/supervisor/reports.py" line="114" />
        <source>Avg hold</source>
        <translation>Ср. удержание</translation>
    </message>
    <message>
        <location filename="../../agent/ui/supervisor/reports.py" line="114" />
        <source>Longest hold</source>
        <translation>Макс. удержание</translation>
    </message>
    <message>
        <location filename="../../agent/ui/supervisor/reports.py" line="115" />
        <source>Holds over alarm</source>
        <translation>Удержаний сверх порога</translation>
    </message>
    <message>
        <location filename="../../agent/ui/supervisor/reports.py" line="115" />
        <source>Complaints</source>
        <translation>Жалоб</translation>
    </message>
    <message>
        <location filename="../../agent/ui/supervisor/reports.py" line="116" />
        <source>Callbacks promised / done / overdue</source>
        <translation>Перезвонить: обещано / сделано / просрочено</translation>
    </message>
    <message>
        <location filename="../../agent/ui/supervisor/reports.py" line="131" />
        <source>Save CSV…</source>
        <translation>Сохранить CSV…</translation>
    </message>
    <message>
        <location filename="../../agent/ui/supervisor/reports.py" line="132" />
        <source>Save printable page…</source>
        <translation>Сохранить страницу для печати…</translation>
    </message>
    <message>
        <location filename="../../agent/ui/supervisor/reports.py" line="133" />
        <source>Save chart as PNG…</source>
        <translation>Сохранить график в PNG…</translation>
    </message>
    <message>
        <location filename="../../agent/ui/supervisor/reports.py" line="226" />
        <location filename="../../agent/ui/supervisor/reports.py" line="148" />
        <source>Saved %1</source>
        <translation>Сохранено: %1</translation>
    </message>
    <message>
        <location filename="../../agent/ui/supervisor/reports.py" line="155" />
        <source>All groups</source>
        <translation>Все группы</translation>
    </message>
    <message>
        <location filename="../../agent/ui/supervisor/reports.py" line="173" />
        <source>Loading the report…</source>
        <translation>Отчёт загружается…</translation>
    </message>
    <message>
        <location filename="../../agent/ui/supervisor/reports.py" line="179" />
        <source>Whole floor</source>
        <translation>Весь зал</translation>
    </message>
    <message>
        <location filename="../../agent/ui/supervisor/reports.py" line="190" />
        <source>Group %1</source>
        <translation>Группа %1</translation>
    </message>
    <message>
        <location filename="../../agent/ui/supervisor/reports.py" line="200" />
        <source>Report %1 (times in %2)</source>
        <translation>Отчёт за %1 (время: %2)</translation>
    </message>
    <message>
        <location filename="../../agent/ui/supervisor/reports.py" line="203" />
        <source>no calls, notes or callbacks in this period.</source>
        <translation>за этот период нет звонков, заметок и обещанных звонков.</translation>
    </message>
    <message>
        <location filename="../../agent/ui/supervisor/reports.py" line="217" />
        <source>Save the report</source>
        <translation>Сохранить отчёт</translation>
    </message>
    <message>
        <location filename="../../agent/ui/supervisor/reports.py" line="227" />
        <source>The chart could not be saved.</source>
        <translation>График сохранить не удалось.</translation>
    </message>
</context><context>
    <name>Results</name>
    <message>
        <location filename="../../agent/ui/results_view.py" line="47" />
        <source>Difficult case</source>
        <translation>Сложный случай</translation>
    </message>
    <message>
        <location filename="../../agent/ui/results_view.py" line="48" />
        <source>Product</source>
        <translation>Продукт</translation>
    </message>
    <message>
        <location filename="../../agent/ui/results_view.py" line="49" />
        <source>Procedure</source>
        <translation>Регламент</translation>
    </message>
</context><context>
    <name>RingNotice</name>
    <message>
        <location filename="../../agent/ui/ring_notifier.py" line="38" />
        <source>Answer</source>
        <translation>Ответить</translation>
    </message>
    <message>
        <location filename="../../agent/ui/ring_notifier.py" line="40" />
        <source>Answer (%1)</source>
        <translation>Ответить (%1)</translation>
    </message>
    <message>
        <location filename="../../agent/ui/ring_notifier.py" line="41" />
        <source>Reject</source>
        <translation>Отклонить</translation>
    </message>
    <message>
        <location filename="../../agent/ui/ring_notifier.py" line="42" />
        <source>Reject (%1)</source>
        <translation>Отклонить (%1)</translation>
    </message>
    <message>
        <location filename="../../agent/ui/ring_notifier.py" line="75" />
        <source>Incoming call: %1</source>
        <translation>Входящий звонок: %1</translation>
    </message>
    <message>
        <location filename="../../agent/ui/ring_notifier.py" line="81" />
        <source>Answering holds the current call.</source>
        <translation>Ответ поставит текущий звонок на удержание.</translation>
    </message>
    <message>
        <location filename="../../agent/ui/ring_notifier.py" line="83" />
        <source>%1 more waiting.</source>
        <translation>Ещё ожидают: %1.</translation>
    </message>
    <message>
        <location filename="../../agent/ui/ring_notifier.py" line="140" />
        <source>Incoming call</source>
        <translation>Входящий звонок</translation>
    </message>
    <message>
        <location filename="../../agent/ui/ring_notifier.py" line="88" />
        <source>The held call stays on hold.</source>
        <translation>Удержанный звонок остаётся на удержании.</translation>
    </message>
    <message>
        <location filename="../../agent/ui/ring_notifier.py" line="98" />
        <source>Incoming call.</source>
        <translation>Входящий звонок.</translation>
    </message>
</context><context>
    <name>Settings</name>
    <message>
        <location filename="../../agent/ui/settings_dialog.py" line="48" />
        <source>Set by your IT department</source>
        <translation>Задано вашим ИТ-отделом</translation>
    </message>
    <message>
        <location filename="../../agent/settings.py" line="77" />
        <source>SIP account</source>
        <translation>SIP-аккаунт</translation>
    </message>
    <message>
        <location filename="../../agent/settings.py" line="78" />
        <source>Audio</source>
        <translation>Звук</translation>
    </message>
    <message>
        <location filename="../../agent/settings.py" line="79" />
        <source>Agent</source>
        <translation>Оператор</translation>
    </message>
    <message>
        <location filename="../../agent/settings.py" line="80" />
        <source>Hold</source>
        <translation>Удержание</translation>
    </message>
    <message>
        <location filename="../../agent/settings.py" line="81" />
        <source>Floor server</source>
        <translation>Сервер зала</translation>
    </message>
    <message>
        <location filename="../../agent/settings.py" line="82" />
        <source>Interface</source>
        <translation>Интерфейс</translation>
    </message>
    <message>
        <location filename="../../agent/settings.py" line="83" />
        <source>Company</source>
        <translation>Компания</translation>
    </message>
    <message>
        <location filename="../../agent/settings.py" line="87" />
        <source>System language</source>
        <translation>Язык системы</translation>
    </message>
    <message>
        <location filename="../../agent/settings.py" line="93" />
        <source>On</source>
        <translation>Вкл.</translation>
    </message>
    <message>
        <location filename="../../agent/settings.py" line="94" />
        <source>Off</source>
        <translation>Выкл.</translation>
    </message>
    <message>
        <location filename="../../agent/settings.py" line="98" />
        <source>SIP server</source>
        <translation>SIP-сервер</translation>
    </message>
    <message>
        <location filename="../../agent/settings.py" line="99" />
        <source>Registrar / PBX host[:port]</source>
        <translation>Регистратор / АТС, хост[:порт]</translation>
    </message>
    <message>
        <location filename="../../agent/settings.py" line="100" />
        <source>SIP user</source>
        <translation>SIP-пользователь</translation>
    </message>
    <message>
        <location filename="../../agent/settings.py" line="101" />
        <source>Display name</source>
        <translation>Отображаемое имя</translation>
    </message>
    <message>
        <location filename="../../agent/settings.py" line="102" />
        <source>Transport</source>
        <translation>Транспорт</translation>
    </message>
    <message>
        <location filename="../../agent/settings.py" line="104" />
        <source>Direct-IP listen address</source>
        <translation>Адрес для прямых звонков</translation>
    </message>
    <message>
        <location filename="../../agent/settings.py" line="105" />
        <source>HOST:PORT for calls without a registrar; empty when an account is set</source>
        <translation>ХОСТ:ПОРТ для звонков без регистратора; пусто, если задан аккаунт</translation>
    </message>
    <message>
        <location filename="../../agent/settings.py" line="107" />
        <source>Media (RTP) address</source>
        <translation>Адрес для звука (RTP)</translation>
    </message>
    <message>
        <location filename="../../agent/settings.py" line="108" />
        <source>IP address for call audio on a machine with several networks; empty: the SIP address</source>
        <translation>IP-адрес для звука звонков на компьютере с несколькими сетями; пусто: адрес SIP</translation>
    </message>
    <message>
        <location filename="../../agent/settings.py" line="110" />
        <source>Public address (NAT)</source>
        <translation>Внешний адрес (NAT)</translation>
    </message>
    <message>
        <location filename="../../agent/settings.py" line="111" />
        <source>Only behind NAT: the address the PBX must send to; empty on a LAN</source>
        <translation>Только за NAT: адрес, на который должна слать АТС; в локальной сети пусто</translation>
    </message>
    <message>
        <location filename="../../agent/settings.py" line="113" />
        <source>STUN server</source>
        <translation>STUN-сервер</translation>
    </message>
    <message>
        <location filename="../../agent/settings.py" line="114" />
        <source>host[:port]; empty: no STUN (a LAN floor needs none)</source>
        <translation>хост[:порт]; пусто: без STUN (в локальной сети не нужен)</translation>
    </message>
    <message>
        <location filename="../../agent/settings.py" line="116" />
        <source>ICE for audio</source>
        <translation>ICE для звука</translation>
    </message>
    <message>
        <location filename="../../agent/settings.py" line="118" />
        <source>Interactive connectivity checks for media; off on a LAN</source>
        <translation>Проверки связности для звука (ICE); в локальной сети выключено</translation>
    </message>
    <message>
        <location filename="../../agent/settings.py" line="120" />
        <source>Microphone</source>
        <translation>Микрофон</translation>
    </message>
    <message>
        <location filename="../../agent/settings.py" line="121" />
        <source>Speaker</source>
        <translation>Динамик</translation>
    </message>
    <message>
        <location filename="../../agent/settings.py" line="122" />
        <source>Ring device</source>
        <translation>Устройство звонка</translation>
    </message>
    <message>
        <location filename="../../agent/settings.py" line="123" />
        <source>Ringtone file</source>
        <translation>Файл мелодии звонка</translation>
    </message>
    <message>
        <location filename="../../agent/settings.py" line="124" />
        <source>Wrap-up time (s)</source>
        <translation>Постобработка (с)</translation>
    </message>
    <message>
        <location filename="../../agent/settings.py" line="127" />
        <source>PBX queue login code</source>
        <translation>Код входа в очередь АТС</translation>
    </message>
    <message>
        <location filename="../../agent/settings.py" line="129" />
        <source>PBX queue logout code</source>
        <translation>Код выхода из очереди АТС</translation>
    </message>
    <message>
        <location filename="../../agent/settings.py" line="131" />
        <source>PBX queue pause code</source>
        <translation>Код паузы в очереди АТС</translation>
    </message>
    <message>
        <location filename="../../agent/settings.py" line="133" />
        <source>Not-ready reasons</source>
        <translation>Причины «Не готов»</translation>
    </message>
    <message>
        <location filename="../../agent/settings.py" line="134" />
        <source>Hold warning after (s)</source>
        <translation>Предупреждение об удержании через (с)</translation>
    </message>
    <message>
        <location filename="../../agent/settings.py" line="136" />
        <source>Hold alarm after (s)</source>
        <translation>Тревога об удержании через (с)</translation>
    </message>
    <message>
        <location filename="../../agent/settings.py" line="138" />
        <source>Hub URL</source>
        <translation>Адрес сервера</translation>
    </message>
    <message>
        <location filename="../../agent/settings.py" line="139" />
        <source>The floor server, e.g. https://hub.example:8443</source>
        <translation>Сервер зала, например https://hub.example:8443</translation>
    </message>
    <message>
        <location filename="../../agent/settings.py" line="141" />
        <source>Sync interval (s)</source>
        <translation>Интервал синхронизации (с)</translation>
    </message>
    <message>
        <location filename="../../agent/settings.py" line="143" />
        <source>Hub KB signing key (Ed25519, base64)</source>
        <translation>Ключ подписи базы знаний сервера (Ed25519, base64)</translation>
    </message>
    <message>
        <location filename="../../agent/settings.py" line="144" />
        <source>The hub's public key: KB revisions whose signature does not match it are refused</source>
        <translation>Открытый ключ сервера зала: ревизии базы знаний с несовпадающей подписью отклоняются</translation>
    </message>
    <message>
        <location filename="../../agent/settings.py" line="147" />
        <source>Share KB searches with editors</source>
        <translation>Передавать поиски в БЗ редакторам</translation>
    </message>
    <message>
        <location filename="../../agent/settings.py" line="149" />
        <source>Queries, hits and what was opened or copied; never the caller</source>
        <translation>Запросы, число найденного и что открыто или скопировано; никаких данных абонента</translation>
    </message>
    <message>
        <location filename="../../agent/settings.py" line="152" />
        <source>My phone line (supervisors)</source>
        <translation>Мой номер (для супервайзера)</translation>
    </message>
    <message>
        <location filename="../../agent/settings.py" line="153" />
        <source>The number or SIP address operators call when you answer a raised hand</source>
        <translation>Номер или SIP-адрес, на который звонят операторы, когда вы отвечаете на их просьбу</translation>
    </message>
    <message>
        <location filename="../../agent/settings.py" line="155" />
        <source>Language</source>
        <translation>Язык</translation>
    </message>
    <message>
        <location filename="../../agent/settings.py" line="158" />
        <source>Bring the window to the front on a ring</source>
        <translation>Показывать окно при входящем звонке</translation>
    </message>
    <message>
        <location filename="../../agent/settings.py" line="160" />
        <source>A minimized or hidden window comes back when a call rings</source>
        <translation>Свёрнутое или скрытое окно появляется, когда звонит телефон</translation>
    </message>
    <message>
        <location filename="../../agent/settings.py" line="162" />
        <source>Company name</source>
        <translation>Название компании</translation>
    </message>
    <message>
        <location filename="../../agent/settings.py" line="164" />
        <source>Wrap-up code required</source>
        <translation>Итог звонка обязателен</translation>
    </message>
    <message>
        <location filename="../../agent/settings.py" line="165" />
        <source>A note of an answered call is completed only once a wrap-up code is chosen</source>
        <translation>Заметку отвеченного звонка можно закрыть, только выбрав итог</translation>
    </message>
    <message>
        <location filename="../../agent/settings.py" line="167" />
        <source>Product line</source>
        <translation>Линейка продуктов</translation>
    </message>
    <message>
        <location filename="../../agent/settings.py" line="169" />
        <source>E-mail for sales offers</source>
        <translation>E-mail для коммерческих предложений</translation>
    </message>
    <message>
        <location filename="../../agent/settings.py" line="171" />
        <source>Department directory</source>
        <translation>Справочник отделов</translation>
    </message>
</context><context>
    <name>SettingsDialog</name>
    <message>
        <location filename="../../agent/ui/settings_dialog.py" line="131" />
        <source>Settings</source>
        <translation>Настройки</translation>
    </message>
    <message>
        <location filename="../../agent/ui/settings_dialog.py" line="166" />
        <source>Password:</source>
        <translation>Пароль:</translation>
    </message>
    <message>
        <location filename="../../agent/ui/settings_dialog.py" line="166" />
        <source>SIP password</source>
        <translation>SIP-пароль</translation>
    </message>
    <message>
        <location filename="../../agent/ui/settings_dialog.py" line="167" />
        <source>Leave empty to keep the stored password</source>
        <translation>Оставьте пустым, чтобы не менять сохранённый пароль</translation>
    </message>
    <message>
        <location filename="../../agent/ui/settings_dialog.py" line="170" />
        <source>Token:</source>
        <translation>Токен:</translation>
    </message>
    <message>
        <location filename="../../agent/ui/settings_dialog.py" line="170" />
        <source>Hub token</source>
        <translation>Токен сервера</translation>
    </message>
    <message>
        <location filename="../../agent/ui/settings_dialog.py" line="171" />
        <source>Leave empty to keep the stored token</source>
        <translation>Оставьте пустым, чтобы не менять сохранённый токен</translation>
    </message>
    <message>
        <location filename="../../agent/ui/settings_dialog.py" line="175" />
        <source>A new language takes effect after a restart.</source>
        <translation>Новый язык применится после перезапуска.</translation>
    </message>
    <message>
        <location filename="../../agent/ui/settings_dialog.py" line="179" />
        <source>Greyed-out values are set by your IT department.</source>
        <translation>Серые значения заданы вашим ИТ-отделом.</translation>
    </message>
    <message>
        <location filename="../../agent/ui/settings_dialog.py" line="199" />
        <source>The phone engine is not running, so its audio devices are not known yet: names typed here are used when it starts.</source>
        <translation>Телефонный модуль не запущен, поэтому его звуковые устройства пока неизвестны: введённые здесь названия будут применены при его запуске.</translation>
    </message>
    <message>
        <location filename="../../agent/ui/settings_dialog.py" line="230" />
        <source>One per line</source>
        <translation>По одной на строку</translation>
    </message>
    <message>
        <location filename="../../agent/ui/settings_dialog.py" line="235" />
        <source>System default</source>
        <translation>Системное по умолчанию</translation>
    </message>
    <message>
        <location filename="../../agent/ui/settings_dialog.py" line="249" />
        <source>Stored in the system keyring, never in a file</source>
        <translation>Хранится в системном хранилище паролей, никогда в файле</translation>
    </message>
    <message>
        <location filename="../../agent/ui/settings_dialog.py" line="254" />
        <source>Play test tone</source>
        <translation>Проверочный сигнал</translation>
    </message>
    <message>
        <location filename="../../agent/ui/settings_dialog.py" line="256" />
        <source>Test microphone</source>
        <translation>Проверить микрофон</translation>
    </message>
    <message>
        <location filename="../../agent/ui/settings_dialog.py" line="262" />
        <source>Microphone level</source>
        <translation>Уровень микрофона</translation>
    </message>
    <message>
        <location filename="../../agent/ui/settings_dialog.py" line="263" />
        <source>Looking for audio devices…</source>
        <translation>Поиск звуковых устройств…</translation>
    </message>
    <message>
        <location filename="../../agent/ui/settings_dialog.py" line="284" />
        <source>No audio devices found: calls work, but nothing is heard here.</source>
        <translation>Звуковые устройства не найдены: звонки работают, но здесь ничего не слышно.</translation>
    </message>
    <message>
        <location filename="../../agent/ui/settings_dialog.py" line="286" />
        <source>%1 microphones, %2 speakers found.</source>
        <translation>Найдено микрофонов: %1, динамиков: %2.</translation>
    </message>
    <message>
        <location filename="../../agent/ui/settings_dialog.py" line="365" />
        <source>The hold alarm must come after the warning.</source>
        <translation>Тревога об удержании должна наступать позже предупреждения.</translation>
    </message>
</context><context>
    <name>SettingsService</name>
    <message>
        <location filename="../../agent/ui/settings_service.py" line="80" />
        <source>Settings not saved: %1</source>
        <translation>Настройки не сохранены: %1</translation>
    </message>
    <message>
        <location filename="../../agent/ui/settings_service.py" line="84" />
        <source>The new direct-call address is used from the next start of Sufler.</source>
        <translation>Новый адрес для прямых звонков начнёт действовать при следующем запуске Суфлёра.</translation>
    </message>
    <message>
        <location filename="../../agent/ui/settings_service.py" line="105" />
        <source>The floor's settings from the hub are in effect.</source>
        <translation>Настройки зала с сервера применены.</translation>
    </message>
    <message>
        <location filename="../../agent/ui/settings_service.py" line="160" />
        <source>Saved in the system keyring.</source>
        <translation>Сохранено в системном хранилище паролей.</translation>
    </message>
</context><context>
    <name>StatusBar</name>
    <message>
        <location filename="../../agent/ui/status_bar.py" line="194" />
        <location filename="../../agent/ui/status_bar.py" line="170" />
        <location filename="../../agent/ui/ring_notifier.py" line="126" />
        <source>Ready</source>
        <translation>Готов</translation>
    </message>
    <message>
        <location filename="../../agent/ui/status_bar.py" line="187" />
        <location filename="../../agent/ui/status_bar.py" line="174" />
        <location filename="../../agent/ui/ring_notifier.py" line="127" />
        <source>Not ready</source>
        <translation>Не готов</translation>
    </message>
    <message>
        <location filename="../../agent/ui/status_bar.py" line="193" />
        <location filename="../../agent/ui/ring_notifier.py" line="128" />
        <source>Wrap-up</source>
        <translation>Постобработка</translation>
    </message>
    <message>
        <location filename="../../agent/ui/status_bar.py" line="205" />
        <location filename="../../agent/ui/ring_notifier.py" line="130" />
        <source>Offline</source>
        <translation>Не в сети</translation>
    </message>
    <message>
        <location filename="../../agent/ui/status_bar.py" line="64" />
        <source>Set up SIP account…</source>
        <translation>Настроить SIP-аккаунт…</translation>
    </message>
    <message>
        <location filename="../../agent/ui/status_bar.py" line="71" />
        <source>Your state for the call queue (%1)</source>
        <translation>Ваш статус в очереди звонков (%1)</translation>
    </message>
    <message>
        <location filename="../../agent/ui/status_bar.py" line="73" />
        <source>Agent state</source>
        <translation>Статус оператора</translation>
    </message>
    <message>
        <location filename="../../agent/ui/status_bar.py" line="76" />
        <source>KB: loading…</source>
        <translation>База знаний: загрузка…</translation>
    </message>
    <message>
        <location filename="../../agent/ui/status_bar.py" line="97" />
        <source>KB ready</source>
        <translation>База знаний готова</translation>
    </message>
    <message>
        <location filename="../../agent/ui/status_bar.py" line="98" />
        <source>KB unavailable</source>
        <translation>База знаний недоступна</translation>
    </message>
    <message>
        <location filename="../../agent/ui/status_bar.py" line="100" />
        <source>Notes cannot be saved: %1</source>
        <translation>Заметки не сохраняются: %1</translation>
    </message>
    <message>
        <location filename="../../agent/ui/status_bar.py" line="124" />
        <source>Notes kept locally (no floor server)</source>
        <translation>Заметки хранятся локально (сервер не задан)</translation>
    </message>
    <message>
        <location filename="../../agent/ui/status_bar.py" line="133" />
        <source>Phone engine not available</source>
        <translation>Телефонный модуль недоступен</translation>
    </message>
    <message>
        <location filename="../../agent/ui/status_bar.py" line="135" />
        <source>Phone engine stopped: %1</source>
        <translation>Телефонный модуль остановлен: %1</translation>
    </message>
    <message>
        <location filename="../../agent/ui/status_bar.py" line="136" />
        <source>Starting the phone engine…</source>
        <translation>Запуск телефонного модуля…</translation>
    </message>
    <message>
        <location filename="../../agent/ui/status_bar.py" line="138" />
        <source>● Registered as %1</source>
        <translation>● Зарегистрирован как %1</translation>
    </message>
    <message>
        <location filename="../../agent/ui/status_bar.py" line="141" />
        <source>Registering %1…</source>
        <translation>Регистрация %1…</translation>
    </message>
    <message>
        <location filename="../../agent/ui/status_bar.py" line="144" />
        <source>Registration failed: %1</source>
        <translation>Ошибка регистрации: %1</translation>
    </message>
    <message>
        <location filename="../../agent/ui/status_bar.py" line="148" />
        <source>(retry in %1 s)</source>
        <translation>(повтор через %1 с)</translation>
    </message>
    <message>
        <location filename="../../agent/ui/status_bar.py" line="151" />
        <source>Direct calls on %1 (no SIP account)</source>
        <translation>Прямые звонки на %1 (без SIP-аккаунта)</translation>
    </message>
    <message>
        <location filename="../../agent/ui/status_bar.py" line="154" />
        <source>No SIP account: calls are off, the knowledge base works.</source>
        <translation>SIP-аккаунт не настроен: звонки недоступны, база знаний работает.</translation>
    </message>
    <message>
        <location filename="../../agent/ui/status_bar.py" line="157" />
        <source>Not registered</source>
        <translation>Не зарегистрирован</translation>
    </message>
    <message>
        <location filename="../../agent/ui/status_bar.py" line="186" />
        <source>Not ready: %1</source>
        <translation>Не готов: %1</translation>
    </message>
    <message>
        <location filename="../../agent/ui/status_bar.py" line="192" />
        <source>Wrap-up %1</source>
        <translation>Постобработка %1</translation>
    </message>
    <message>
        <location filename="../../agent/ui/status_bar.py" line="1" />
        <source>Do &amp;not disturb</source>
        <translation>Не б&amp;еспокоить</translation>
    </message>
    <message>
        <location filename="../../agent/ui/status_bar.py" line="1" />
        <source>Refuse every incoming call (busy), whatever your state</source>
        <translation>Отклонять все входящие звонки (занято) при любом статусе</translation>
    </message>
    <message>
        <location filename="../../agent/ui/status_bar.py" line="1" />
        <source>DND</source>
        <translation>Не беспок.</translation>
    </message>
    <message>
        <location filename="../../agent/ui/status_bar.py" line="1" />
        <source>Do not disturb</source>
        <translation>Не беспокоить</translation>
    </message>
    <message>
        <location filename="../../agent/ui/status_bar.py" line="97" />
        <source>Details…</source>
        <translation>Подробнее…</translation>
    </message>
    <message>
        <location filename="../../agent/ui/status_bar.py" line="100" />
        <source>The whole message and the recent ones (%1)</source>
        <translation>Сообщение целиком и предыдущие (%1)</translation>
    </message>
    <message>
        <location filename="../../agent/ui/status_bar.py" line="1" />
        <source>Missed: %1</source>
        <translation>Пропущено: %1</translation>
    </message>
</context><context>
    <name>SupervisorAnswer</name>
    <message>
        <location filename="../../agent/ui/supervisor_answer.py" line="54" />
        <source>No call in progress.</source>
        <translation>Звонка нет.</translation>
    </message>
    <message>
        <location filename="../../agent/ui/supervisor_answer.py" line="56" />
        <source>Call %1 for %2</source>
        <translation>Звонок %1, идёт %2</translation>
    </message>
    <message>
        <location filename="../../agent/ui/supervisor_answer.py" line="59" />
        <source>, on hold</source>
        <translation>, на удержании</translation>
    </message>
    <message>
        <location filename="../../agent/ui/supervisor_answer.py" line="61" />
        <source>Article: %1</source>
        <translation>Статья: %1</translation>
    </message>
    <message>
        <location filename="../../agent/ui/supervisor_answer.py" line="63" />
        <source>No floor server: the supervisor's line is called instead.</source>
        <translation>Сервера зала нет: будет вызван номер супервайзера.</translation>
    </message>
    <message>
        <location filename="../../agent/ui/supervisor_answer.py" line="70" />
        <source>Waiting for the supervisor…</source>
        <translation>Ждём ответа супервайзера…</translation>
    </message>
    <message>
        <location filename="../../agent/ui/supervisor_answer.py" line="74" />
        <source>No floor server and no number for the supervisor: ask IT to set one.</source>
        <translation>Нет ни сервера зала, ни номера супервайзера: попросите ИТ задать их.</translation>
    </message>
    <message>
        <location filename="../../agent/ui/supervisor_answer.py" line="91" />
        <source>The supervisor</source>
        <translation>Супервайзер</translation>
    </message>
    <message>
        <location filename="../../agent/ui/supervisor_answer.py" line="94" />
        <source>%1 is coming to you.</source>
        <translation>%1 идёт к вам.</translation>
    </message>
    <message>
        <location filename="../../agent/ui/supervisor_answer.py" line="97" />
        <source>%1: call me on line %2 (F2).</source>
        <translation>%1: позвоните мне на линию %2 (F2).</translation>
    </message>
    <message>
        <location filename="../../agent/ui/supervisor_answer.py" line="100" />
        <source>%1 joins your call (conference) on line %2.</source>
        <translation>%1 подключается к звонку (конференция) с линии %2.</translation>
    </message>
    <message>
        <location filename="../../agent/ui/supervisor_answer.py" line="101" />
        <source>%1 joins your call (consultation) on line %2.</source>
        <translation>%1 подключается к звонку (консультация) с линии %2.</translation>
    </message>
    <message>
        <location filename="../../agent/ui/supervisor_answer.py" line="138" />
        <source>This phone cannot make a conference: the supervisor stays on the consultation line.</source>
        <translation>Этот телефон не умеет конференцию: супервайзер остаётся на линии консультации.</translation>
    </message>
</context><context>
    <name>SupervisorWindow</name>
    <message>
        <location filename="../../agent/ui/supervisor/window.py" line="38" />
        <source>Sufler — Supervisor</source>
        <translation>Суфлёр — супервайзер</translation>
    </message>
    <message>
        <location filename="../../agent/ui/supervisor/window.py" line="47" />
        <source>Board</source>
        <translation>Зал</translation>
    </message>
    <message>
        <location filename="../../agent/ui/supervisor/window.py" line="111" />
        <location filename="../../agent/ui/supervisor/window.py" line="48" />
        <source>Raised hands</source>
        <translation>Поднятые руки</translation>
    </message>
    <message>
        <location filename="../../agent/ui/supervisor/window.py" line="49" />
        <source>Callbacks</source>
        <translation>Обещанные звонки</translation>
    </message>
    <message>
        <location filename="../../agent/ui/supervisor/window.py" line="50" />
        <source>Reports</source>
        <translation>Отчёты</translation>
    </message>
    <message>
        <location filename="../../agent/ui/supervisor/window.py" line="96" />
        <source>● Live</source>
        <translation>● На связи</translation>
    </message>
    <message>
        <location filename="../../agent/ui/supervisor/window.py" line="97" />
        <source>Offline: reconnecting…</source>
        <translation>Нет связи: подключаемся…</translation>
    </message>
    <message>
        <location filename="../../agent/ui/supervisor/window.py" line="98" />
        <source>The hub needs a supervisor token</source>
        <translation>Серверу нужен токен супервайзера</translation>
    </message>
    <message>
        <location filename="../../agent/ui/supervisor/window.py" line="99" />
        <source>No floor server (hub.url) is set</source>
        <translation>Сервер зала (hub.url) не задан</translation>
    </message>
    <message>
        <location filename="../../agent/ui/supervisor/window.py" line="100" />
        <source>Hub error; retrying</source>
        <translation>Ошибка сервера; повторяем</translation>
    </message>
    <message>
        <location filename="../../agent/ui/supervisor/window.py" line="110" />
        <source>Raised hands (%1)</source>
        <translation>Поднятые руки (%1)</translation>
    </message>
    <message>
        <location filename="../../agent/ui/supervisor/window.py" line="121" />
        <source>%1 raised a hand</source>
        <translation>%1 просит помощи</translation>
    </message>
</context><context>
    <name>Sync</name>
    <message>
        <location filename="../../agent/ui/notes_panel.py" line="65" />
        <source>Not yet synced</source>
        <translation>Не отправлено</translation>
    </message>
    <message>
        <location filename="../../agent/ui/notes_panel.py" line="66" />
        <source>Synced</source>
        <translation>Отправлено</translation>
    </message>
    <message>
        <location filename="../../agent/ui/notes_panel.py" line="67" />
        <source>Sync failed</source>
        <translation>Ошибка отправки</translation>
    </message>
    <message>
        <location filename="../../agent/ui/notes_panel.py" line="68" />
        <source>Not sent: correct the note</source>
        <translation>Не отправлено: исправьте заметку</translation>
    </message>
    <message>
        <location filename="../../agent/ui/sync_service.py" line="48" />
        <source>Notes kept locally (no floor server)</source>
        <translation>Заметки хранятся локально (сервер не задан)</translation>
    </message>
    <message>
        <location filename="../../agent/ui/sync_service.py" line="50" />
        <source>Offline: %1 notes wait</source>
        <translation>Нет связи: ждут отправки %1</translation>
    </message>
    <message>
        <location filename="../../agent/ui/sync_service.py" line="53" />
        <source>No keyring: the hub token cannot be read</source>
        <translation>Нет хранилища паролей: токен сервера не прочитать</translation>
    </message>
    <message>
        <location filename="../../agent/ui/sync_service.py" line="54" />
        <source>Log in with a keyring (gnome-keyring, KWallet); `sufler doctor` checks it</source>
        <translation>Войдите в сеанс с хранилищем паролей (gnome-keyring, KWallet); проверка — `sufler doctor`</translation>
    </message>
    <message>
        <location filename="../../agent/ui/sync_service.py" line="57" />
        <source>Sync needs a hub token</source>
        <translation>Для отправки нужен токен сервера</translation>
    </message>
    <message>
        <location filename="../../agent/ui/sync_service.py" line="59" />
        <source>Sync error; retrying</source>
        <translation>Ошибка отправки, повторяем</translation>
    </message>
    <message>
        <location filename="../../agent/ui/sync_service.py" line="61" />
        <source>Syncing %1/%2…</source>
        <translation>Отправка %1/%2…</translation>
    </message>
    <message>
        <location filename="../../agent/ui/sync_service.py" line="64" />
        <source>%1 notes to sync</source>
        <translation>К отправке: %1</translation>
    </message>
    <message>
        <location filename="../../agent/ui/sync_service.py" line="66" />
        <source>Notes synced</source>
        <translation>Заметки отправлены</translation>
    </message>
</context><context>
    <name>SynonymsPage</name>
    <message>
        <location filename="../../agent/ui/editor/pages.py" line="55" />
        <source>Words and phrases that mean the same to callers, one set per line, separated by commas (e.g. «мат, нецензурная брань»). A search for one finds the others on every workstation.</source>
        <translation>Слова и фразы, которые для абонентов значат одно и то же: одна группа на строку, через запятую (например, «мат, нецензурная брань»). Поиск по одному находит остальные на каждом рабочем месте.</translation>
    </message>
    <message>
        <location filename="../../agent/ui/editor/pages.py" line="62" />
        <source>Synonym sets</source>
        <translation>Группы синонимов</translation>
    </message>
    <message>
        <location filename="../../agent/ui/editor/pages.py" line="67" />
        <source>Publish synonyms</source>
        <translation>Опубликовать синонимы</translation>
    </message>
    <message>
        <location filename="../../agent/ui/editor/pages.py" line="69" />
        <source>Discard draft</source>
        <translation>Удалить черновик</translation>
    </message>
    <message>
        <location filename="../../agent/ui/editor/pages.py" line="99" />
        <source>Line %1: %2</source>
        <translation>Строка %1: %2</translation>
    </message>
</context><context>
    <name>TransferDialog</name>
    <message>
        <location filename="../../agent/ui/call_panel.py" line="144" />
        <source>No number is set for “%1”. Ask IT to fill the department directory.</source>
        <translation>Для «%1» не задан номер. Попросите ИТ заполнить справочник отделов.</translation>
    </message>
    <message>
        <location filename="../../agent/ui/call_panel.py" line="67" />
        <source>Transfer the call</source>
        <translation>Перевод звонка</translation>
    </message>
    <message>
        <location filename="../../agent/ui/call_panel.py" line="70" />
        <source>Departments</source>
        <translation>Отделы</translation>
    </message>
    <message>
        <location filename="../../agent/ui/call_panel.py" line="78" />
        <source>No number is configured for this department</source>
        <translation>Для этого отдела не задан номер</translation>
    </message>
    <message>
        <location filename="../../agent/ui/call_panel.py" line="81" />
        <source>Number or SIP URI; typing filters the list</source>
        <translation>Номер или SIP-адрес; ввод отбирает отделы</translation>
    </message>
    <message>
        <location filename="../../agent/ui/call_panel.py" line="82" />
        <source>Transfer target</source>
        <translation>Куда перевести</translation>
    </message>
    <message>
        <location filename="../../agent/ui/call_panel.py" line="87" />
        <source>&amp;Blind transfer</source>
        <translation>&amp;Перевести сразу</translation>
    </message>
    <message>
        <location filename="../../agent/ui/call_panel.py" line="89" />
        <source>&amp;Consult first</source>
        <translation>&amp;Сначала посоветоваться</translation>
    </message>
    <message>
        <location filename="../../agent/ui/call_panel.py" line="95" />
        <source>&amp;Target:</source>
        <translation>&amp;Куда:</translation>
    </message>
    <message>
        <location filename="../../agent/ui/call_panel.py" line="99" />
        <source>Department:</source>
        <translation>Отдел:</translation>
    </message>
    <message>
        <location filename="../../agent/ui/call_panel.py" line="84" />
        <source>no number set</source>
        <translation>номер не задан</translation>
    </message>
</context><context>
    <name>WrapUp</name>
    <message>
        <location filename="../../agent/ui/notes_panel.py" line="46" />
        <source>— choose —</source>
        <translation>— выберите —</translation>
    </message>
    <message>
        <location filename="../../agent/ui/notes_panel.py" line="47" />
        <source>Resolved</source>
        <translation>Вопрос решён</translation>
    </message>
    <message>
        <location filename="../../agent/ui/notes_panel.py" line="48" />
        <source>Information given</source>
        <translation>Дана информация</translation>
    </message>
    <message>
        <location filename="../../agent/ui/notes_panel.py" line="49" />
        <source>Complaint registered</source>
        <translation>Принята претензия</translation>
    </message>
    <message>
        <location filename="../../agent/ui/notes_panel.py" line="50" />
        <source>Callback scheduled</source>
        <translation>Назначен обратный звонок</translation>
    </message>
    <message>
        <location filename="../../agent/ui/notes_panel.py" line="51" />
        <source>Transferred</source>
        <translation>Переведён</translation>
    </message>
    <message>
        <location filename="../../agent/ui/notes_panel.py" line="52" />
        <source>Sent to emergency services</source>
        <translation>Передан в экстренные службы</translation>
    </message>
    <message>
        <location filename="../../agent/ui/notes_panel.py" line="53" />
        <source>Call dropped</source>
        <translation>Звонок оборвался</translation>
    </message>
    <message>
        <location filename="../../agent/ui/notes_panel.py" line="54" />
        <source>Wrong number</source>
        <translation>Ошибся номером</translation>
    </message>
    <message>
        <location filename="../../agent/ui/notes_panel.py" line="55" />
        <source>Sales offer / spam</source>
        <translation>Коммерческое предложение / спам</translation>
    </message>
    <message>
        <location filename="../../agent/ui/notes_panel.py" line="56" />
        <source>Missed</source>
        <translation>Пропущен</translation>
    </message>
    <message>
        <location filename="../../agent/ui/notes_panel.py" line="57" />
        <source>No answer</source>
        <translation>Нет ответа</translation>
    </message>
    <message>
        <location filename="../../agent/ui/notes_panel.py" line="1" />
        <source>Turned away</source>
        <translation>Не принят</translation>
    </message>
</context><context>
    <name>_Rows</name>
    <message>
        <location filename="../../agent/ui/editor/lists.py" line="72" />
        <source>Move up</source>
        <translation>Выше</translation>
    </message>
    <message>
        <location filename="../../agent/ui/editor/lists.py" line="72" />
        <source>Move down</source>
        <translation>Ниже</translation>
    </message>
    <message>
        <location filename="../../agent/ui/editor/lists.py" line="76" />
        <source>Remove</source>
        <translation>Удалить</translation>
    </message>
</context><context>
    <name>MessagesDialog</name>
    <message>
        <location filename="../../agent/ui/messages_dialog.py" line="19" />
        <source>Recent messages</source>
        <translation>Последние сообщения</translation>
    </message>
    <message>
        <location filename="../../agent/ui/messages_dialog.py" line="28" />
        <source>No messages yet.</source>
        <translation>Сообщений пока нет.</translation>
    </message>
</context></TS>
