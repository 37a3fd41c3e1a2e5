<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ru_RU">
    <context>
    <name>ActionExecutor</name>
    <message>
        <location filename="../../agent/ui/actions.py" line="70" />
        <source>Consulted %1</source>
        <translation>Консультация: %1</translation>
    </message>
    <message>
        <location filename="../../agent/ui/actions.py" line="70" />
        <source>Transferred to %1</source>
        <translation>Переведён: %1</translation>
    </message>
    <message>
        <location filename="../../agent/ui/actions.py" line="83" />
        <source>There is no call for this action.</source>
        <translation>Нет звонка, к которому можно применить это действие.</translation>
    </message>
    <message>
        <location filename="../../agent/ui/actions.py" line="94" />
        <source>No number is set for “%1”. Ask IT to fill the department directory.</source>
        <translation>Для «%1» не задан номер. Попросите ИТ заполнить справочник отделов.</translation>
    </message>
    <message>
        <location filename="../../agent/ui/actions.py" line="104" />
        <source>The recording “%1” is not installed.</source>
        <translation>Запись «%1» не установлена.</translation>
    </message>
    <message>
        <location filename="../../agent/ui/actions.py" line="110" />
        <source>Unknown action: %1</source>
        <translation>Неизвестное действие: %1</translation>
    </message>
</context><context>
    <name>ActionsRow</name>
    <message>
        <location filename="../../agent/ui/article_panel.py" line="97" />
        <source>More actions (%1)</source>
        <translation>Ещё действия (%1)</translation>
    </message>
</context><context>
    <name>App</name>
    <message>
        <location filename="../../agent/ui/app.py" line="99" />
        <source>Settings file ignored: %1</source>
        <translation>Файл настроек не применён: %1</translation>
    </message>
</context><context>
    <name>ArticlePanel</name>
    <message>
        <location filename="../../agent/ui/article_panel.py" line="142" />
        <source>Replies — Ctrl+1…9 copies</source>
        <translation>Готовые фразы — Ctrl+1…9 копирует</translation>
    </message>
    <message>
        <location filename="../../agent/ui/article_panel.py" line="160" />
        <source>Article text</source>
        <translation>Текст статьи</translation>
    </message>
    <message>
        <location filename="../../agent/ui/article_panel.py" line="199" />
        <source>Put the caller on hold</source>
        <translation>Поставить абонента на удержание</translation>
    </message>
    <message>
        <location filename="../../agent/ui/article_panel.py" line="200" />
        <source>Transfer the call to this department</source>
        <translation>Перевести звонок в этот отдел</translation>
    </message>
    <message>
        <location filename="../../agent/ui/article_panel.py" line="201" />
        <source>Hold the caller and call this department first</source>
        <translation>Поставить абонента на удержание и сначала позвонить в отдел</translation>
    </message>
    <message>
        <location filename="../../agent/ui/article_panel.py" line="202" />
        <source>Play a recorded message to the caller</source>
        <translation>Проиграть абоненту записанное сообщение</translation>
    </message>
    <message>
        <location filename="../../agent/ui/article_panel.py" line="203" />
        <source>Open the complaint form of the call note</source>
        <translation>Открыть форму претензии в заметке звонка</translation>
    </message>
    <message>
        <location filename="../../agent/ui/article_panel.py" line="204" />
        <source>Schedule a callback in the call note</source>
        <translation>Назначить обратный звонок в заметке</translation>
    </message>
    <message>
        <location filename="../../agent/ui/article_panel.py" line="205" />
        <source>Call the supervisor for help</source>
        <translation>Позвать супервайзера на помощь</translation>
    </message>
    <message>
        <location filename="../../agent/ui/article_panel.py" line="206" />
        <source>End the call</source>
        <translation>Завершить звонок</translation>
    </message>
    <message numerus="yes">
        <location filename="../../agent/ui/article_panel.py" line="228" />
        <source>Show %n more replies</source>
        <translation>
            <numerusform>Показать ещё %n ответ</numerusform>
            <numerusform>Показать ещё %n ответа</numerusform>
            <numerusform>Показать ещё %n ответов</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../agent/ui/article_panel.py" line="230" />
        <source>%n more replies are not shown.</source>
        <translation>
            <numerusform>Ещё %n ответ не показан.</numerusform>
            <numerusform>Ещё %n ответа не показаны.</numerusform>
            <numerusform>Ещё %n ответов не показаны.</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../agent/ui/article_panel.py" line="245" />
        <source>Reply copied to the clipboard.</source>
        <translation>Фраза скопирована в буфер обмена.</translation>
    </message>
    <message>
        <location filename="../../agent/ui/article_panel.py" line="248" />
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
    <name>CallPanel</name>
    <message>
        <location filename="../../agent/ui/call_panel.py" line="129" />
        <source>Number or SIP URI</source>
        <translation>Номер или SIP-адрес</translation>
    </message>
    <message>
        <location filename="../../agent/ui/call_panel.py" line="130" />
        <source>Number to dial</source>
        <translation>Номер для набора</translation>
    </message>
    <message>
        <location filename="../../agent/ui/call_panel.py" line="131" />
        <source>Number or SIP URI to dial (%1)</source>
        <translation>Номер или SIP-адрес для набора (%1)</translation>
    </message>
    <message>
        <location filename="../../agent/ui/call_panel.py" line="136" />
        <location filename="../../agent/ui/call_panel.py" line="135" />
        <source>Dial</source>
        <translation>Набрать</translation>
    </message>
    <message>
        <location filename="../../agent/ui/call_panel.py" line="139" />
        <source>Pad</source>
        <translation>Клавиши</translation>
    </message>
    <message>
        <location filename="../../agent/ui/call_panel.py" line="141" />
        <source>Show the dial pad (digits become DTMF during a call)</source>
        <translation>Показать номеронабиратель (во время звонка цифры уходят как DTMF)</translation>
    </message>
    <message>
        <location filename="../../agent/ui/call_panel.py" line="142" />
        <source>Dial pad</source>
        <translation>Номеронабиратель</translation>
    </message>
    <message>
        <location filename="../../agent/ui/call_panel.py" line="156" />
        <source>Key %1</source>
        <translation>Клавиша %1</translation>
    </message>
    <message>
        <location filename="../../agent/ui/call_panel.py" line="167" />
        <source>Phone lines</source>
        <translation>Линии</translation>
    </message>
    <message>
        <location filename="../../agent/ui/call_panel.py" line="185" />
        <source>Answer</source>
        <translation>Ответить</translation>
    </message>
    <message>
        <location filename="../../agent/ui/call_panel.py" line="187" />
        <source>Reject</source>
        <translation>Отклонить</translation>
    </message>
    <message>
        <location filename="../../agent/ui/call_panel.py" line="280" />
        <location filename="../../agent/ui/call_panel.py" line="188" />
        <source>Hold</source>
        <translation>Удержать</translation>
    </message>
    <message>
        <location filename="../../agent/ui/call_panel.py" line="189" />
        <source>Mute</source>
        <translation>Без звука</translation>
    </message>
    <message>
        <location filename="../../agent/ui/call_panel.py" line="191" />
        <source>Transfer…</source>
        <translation>Перевести…</translation>
    </message>
    <message>
        <location filename="../../agent/ui/call_panel.py" line="193" />
        <source>Hang up</source>
        <translation>Завершить</translation>
    </message>
    <message>
        <location filename="../../agent/ui/call_panel.py" line="195" />
        <source>Complete transfer</source>
        <translation>Завершить перевод</translation>
    </message>
    <message>
        <location filename="../../agent/ui/call_panel.py" line="196" />
        <source>Connect the caller to the consulted party</source>
        <translation>Соединить абонента с тем, с кем вы консультировались</translation>
    </message>
    <message>
        <location filename="../../agent/ui/call_panel.py" line="198" />
        <source>Back to caller</source>
        <translation>Вернуться к абоненту</translation>
    </message>
    <message>
        <location filename="../../agent/ui/call_panel.py" line="200" />
        <source>End the consultation and resume the held caller</source>
        <translation>Закончить консультацию и снять абонента с удержания</translation>
    </message>
    <message>
        <location filename="../../agent/ui/call_panel.py" line="218" />
        <source>Phone</source>
        <translation>Телефон</translation>
    </message>
    <message>
        <location filename="../../agent/ui/call_panel.py" line="225" />
        <source>&amp;Lines</source>
        <translation>Ли&amp;нии</translation>
    </message>
    <message>
        <location filename="../../agent/ui/call_panel.py" line="280" />
        <source>Resume</source>
        <translation>Вернуть</translation>
    </message>
    <message>
        <location filename="../../agent/ui/call_panel.py" line="311" />
        <source>Sent DTMF %1</source>
        <translation>Отправлен DTMF %1</translation>
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
    <name>HistoryModel</name>
    <message>
        <location filename="../../agent/ui/history_panel.py" line="56" />
        <source>When</source>
        <translation>Когда</translation>
    </message>
    <message>
        <location filename="../../agent/ui/history_panel.py" line="56" />
        <source>Number</source>
        <translation>Номер</translation>
    </message>
    <message>
        <location filename="../../agent/ui/history_panel.py" line="56" />
        <source>Caller</source>
        <translation>Абонент</translation>
    </message>
    <message>
        <location filename="../../agent/ui/history_panel.py" line="56" />
        <source>Length</source>
        <translation>Длит.</translation>
    </message>
    <message>
        <location filename="../../agent/ui/history_panel.py" line="57" />
        <source>Wrap-up</source>
        <translation>Итог</translation>
    </message>
    <message>
        <location filename="../../agent/ui/history_panel.py" line="57" />
        <source>Note</source>
        <translation>Заметка</translation>
    </message>
    <message>
        <location filename="../../agent/ui/history_panel.py" line="57" />
        <source>Sync</source>
        <translation>Синхр.</translation>
    </message>
</context><context>
    <name>HistoryPanel</name>
    <message>
        <location filename="../../agent/ui/history_panel.py" line="108" />
        <source>Search past calls: number, caller's name, text, wrap-up</source>
        <translation>Поиск по звонкам: номер, имя, текст, итог</translation>
    </message>
    <message>
        <location filename="../../agent/ui/history_panel.py" line="109" />
        <source>Search call history</source>
        <translation>Поиск в истории звонков</translation>
    </message>
    <message>
        <location filename="../../agent/ui/history_panel.py" line="114" />
        <source>Call history</source>
        <translation>История звонков</translation>
    </message>
    <message>
        <location filename="../../agent/ui/history_panel.py" line="174" />
        <source>%1 notes: %2 synced, %3 waiting, %4 failed</source>
        <translation>Заметок: %1; отправлено %2, ждут %3, с ошибкой %4</translation>
    </message>
</context><context>
    <name>HoldBanner</name>
    <message>
        <location filename="../../agent/ui/hold_banner.py" line="48" />
        <source>Resume</source>
        <translation>Вернуть</translation>
    </message>
    <message>
        <location filename="../../agent/ui/hold_banner.py" line="49" />
        <source>Take the caller off hold (%1)</source>
        <translation>Снять абонента с удержания (%1)</translation>
    </message>
    <message>
        <location filename="../../agent/ui/hold_banner.py" line="51" />
        <source>Resume the held call</source>
        <translation>Вернуть звонок с удержания</translation>
    </message>
    <message>
        <location filename="../../agent/ui/hold_banner.py" line="78" />
        <source>%1 on hold %2</source>
        <translation>%1 на удержании %2</translation>
    </message>
</context><context>
    <name>KbPanel</name>
    <message>
        <location filename="../../agent/ui/kb_panel.py" line="59" />
        <source>Search the knowledge base (%1)</source>
        <translation>Поиск по базе знаний (%1)</translation>
    </message>
    <message>
        <location filename="../../agent/ui/kb_panel.py" line="62" />
        <source>Search the knowledge base</source>
        <translation>Поиск по базе знаний</translation>
    </message>
    <message>
        <location filename="../../agent/ui/kb_panel.py" line="69" />
        <source>All languages</source>
        <translation>Все языки</translation>
    </message>
    <message>
        <location filename="../../agent/ui/kb_panel.py" line="70" />
        <source>Russian</source>
        <translation>Русские</translation>
    </message>
    <message>
        <location filename="../../agent/ui/kb_panel.py" line="71" />
        <source>English</source>
        <translation>Английские</translation>
    </message>
    <message>
        <location filename="../../agent/ui/kb_panel.py" line="73" />
        <source>Language of the articles</source>
        <translation>Язык статей</translation>
    </message>
    <message>
        <location filename="../../agent/ui/kb_panel.py" line="74" />
        <source>Article language</source>
        <translation>Язык статей</translation>
    </message>
    <message>
        <location filename="../../agent/ui/kb_panel.py" line="88" />
        <source>Loading the knowledge base…</source>
        <translation>Загрузка базы знаний…</translation>
    </message>
    <message>
        <location filename="../../agent/ui/kb_panel.py" line="98" />
        <source>Search results</source>
        <translation>Результаты поиска</translation>
    </message>
    <message>
        <location filename="../../agent/ui/kb_panel.py" line="112" />
        <source>Type a few words of what the caller says: «дайте телефон директора», «не слышно», «угрожает»… Arrows choose, Enter opens.</source>
        <translation>Наберите несколько слов из того, что говорит абонент: «дайте телефон директора», «не слышно», «угрожает»… Стрелки выбирают, Enter открывает.</translation>
    </message>
    <message>
        <location filename="../../agent/ui/kb_panel.py" line="136" />
        <source>Knowledge base</source>
        <translation>База знаний</translation>
    </message>
    <message>
        <location filename="../../agent/ui/kb_panel.py" line="189" />
        <location filename="../../agent/ui/kb_panel.py" line="160" />
        <source>Ready. Type to search.</source>
        <translation>Готово. Начните печатать для поиска.</translation>
    </message>
    <message>
        <location filename="../../agent/ui/kb_panel.py" line="165" />
        <source>The knowledge base could not be opened: %1</source>
        <translation>Не удалось открыть базу знаний: %1</translation>
    </message>
    <message numerus="yes">
        <location filename="../../agent/ui/kb_panel.py" line="208" />
        <source>%n result(s)</source>
        <translation>
            <numerusform>%n результат</numerusform>
            <numerusform>%n результата</numerusform>
            <numerusform>%n результатов</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../agent/ui/kb_panel.py" line="210" />
        <source>in other languages</source>
        <translation>на других языках</translation>
    </message>
    <message>
        <location filename="../../agent/ui/kb_panel.py" line="212" />
        <source>Nothing found. Try other words or the other language.</source>
        <translation>Ничего не найдено. Попробуйте другие слова или другой язык.</translation>
    </message>
    <message>
        <location filename="../../agent/ui/kb_panel.py" line="214" />
        <source>(the index is being rebuilt; results may be incomplete)</source>
        <translation>(индекс перестраивается, результаты могут быть неполными)</translation>
    </message>
    <message>
        <location filename="../../agent/ui/kb_panel.py" line="220" />
        <source>Search failed: %1</source>
        <translation>Ошибка поиска: %1</translation>
    </message>
    <message>
        <location filename="../../agent/ui/kb_panel.py" line="271" />
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
        <location filename="../../agent/ui/lines_model.py" line="108" />
        <source>Caller</source>
        <translation>Абонент</translation>
    </message>
    <message>
        <location filename="../../agent/ui/lines_model.py" line="109" />
        <source>State</source>
        <translation>Состояние</translation>
    </message>
    <message>
        <location filename="../../agent/ui/lines_model.py" line="110" />
        <source>Time</source>
        <translation>Время</translation>
    </message>
</context><context>
    <name>MainWindow</name>
    <message>
        <location filename="../../agent/ui/main_window.py" line="199" />
        <location filename="../../agent/ui/main_window.py" line="67" />
        <source>Call note</source>
        <translation>Заметка</translation>
    </message>
    <message>
        <location filename="../../agent/ui/main_window.py" line="68" />
        <source>History</source>
        <translation>История</translation>
    </message>
    <message>
        <location filename="../../agent/ui/main_window.py" line="129" />
        <source>&amp;Sufler</source>
        <translation>&amp;Суфлёр</translation>
    </message>
    <message>
        <location filename="../../agent/ui/main_window.py" line="131" />
        <source>&amp;Settings…</source>
        <translation>&amp;Настройки…</translation>
    </message>
    <message>
        <location filename="../../agent/ui/main_window.py" line="134" />
        <source>&amp;Quit</source>
        <translation>В&amp;ыход</translation>
    </message>
    <message>
        <location filename="../../agent/ui/main_window.py" line="136" />
        <source>&amp;Call</source>
        <translation>&amp;Звонок</translation>
    </message>
    <message>
        <location filename="../../agent/ui/main_window.py" line="140" />
        <source>&amp;Dial…</source>
        <translation>&amp;Набрать…</translation>
    </message>
    <message>
        <location filename="../../agent/ui/main_window.py" line="141" />
        <source>&amp;Answer</source>
        <translation>&amp;Ответить</translation>
    </message>
    <message>
        <location filename="../../agent/ui/main_window.py" line="142" />
        <source>&amp;Reject</source>
        <translation>Откл&amp;онить</translation>
    </message>
    <message>
        <location filename="../../agent/ui/main_window.py" line="143" />
        <source>&amp;Hold / resume</source>
        <translation>&amp;Удержать / вернуть</translation>
    </message>
    <message>
        <location filename="../../agent/ui/main_window.py" line="144" />
        <source>&amp;Mute</source>
        <translation>&amp;Без звука</translation>
    </message>
    <message>
        <location filename="../../agent/ui/main_window.py" line="145" />
        <source>&amp;Transfer…</source>
        <translation>&amp;Перевести…</translation>
    </message>
    <message>
        <location filename="../../agent/ui/main_window.py" line="146" />
        <source>Hang &amp;up</source>
        <translation>&amp;Завершить</translation>
    </message>
    <message>
        <location filename="../../agent/ui/main_window.py" line="150" />
        <source>Change agent &amp;state</source>
        <translation>Сменить &amp;статус</translation>
    </message>
    <message>
        <location filename="../../agent/ui/main_window.py" line="153" />
        <source>&amp;Go</source>
        <translation>П&amp;ереход</translation>
    </message>
    <message>
        <location filename="../../agent/ui/main_window.py" line="155" />
        <source>&amp;Search the knowledge base</source>
        <translation>&amp;Поиск по базе знаний</translation>
    </message>
    <message>
        <location filename="../../agent/ui/main_window.py" line="157" />
        <source>Call &amp;note</source>
        <translation>&amp;Заметка звонка</translation>
    </message>
    <message>
        <location filename="../../agent/ui/main_window.py" line="158" />
        <source>Call &amp;history</source>
        <translation>&amp;История звонков</translation>
    </message>
    <message>
        <location filename="../../agent/ui/main_window.py" line="160" />
        <source>&amp;Complete the note</source>
        <translation>&amp;Закрыть заметку</translation>
    </message>
    <message>
        <location filename="../../agent/ui/main_window.py" line="163" />
        <source>&amp;Help</source>
        <translation>&amp;Справка</translation>
    </message>
    <message>
        <location filename="../../agent/ui/main_window.py" line="165" />
        <source>&amp;Keyboard shortcuts</source>
        <translation>&amp;Горячие клавиши</translation>
    </message>
    <message>
        <location filename="../../agent/ui/main_window.py" line="189" />
        <source>Search the knowledge base</source>
        <translation>Поиск по базе знаний</translation>
    </message>
    <message>
        <location filename="../../agent/ui/main_window.py" line="190" />
        <source>Arrows, Enter</source>
        <translation>Стрелки, Enter</translation>
    </message>
    <message>
        <location filename="../../agent/ui/main_window.py" line="190" />
        <source>Choose and open a result</source>
        <translation>Выбрать и открыть результат</translation>
    </message>
    <message>
        <location filename="../../agent/ui/main_window.py" line="191" />
        <source>Copy reply 1…9 of the open article</source>
        <translation>Скопировать фразу 1…9 открытой статьи</translation>
    </message>
    <message>
        <location filename="../../agent/ui/main_window.py" line="192" />
        <source>Dial a number</source>
        <translation>Набрать номер</translation>
    </message>
    <message>
        <location filename="../../agent/ui/main_window.py" line="193" />
        <source>Answer</source>
        <translation>Ответить</translation>
    </message>
    <message>
        <location filename="../../agent/ui/main_window.py" line="194" />
        <source>Reject</source>
        <translation>Отклонить</translation>
    </message>
    <message>
        <location filename="../../agent/ui/main_window.py" line="195" />
        <source>Hold / resume</source>
        <translation>Удержать / вернуть</translation>
    </message>
    <message>
        <location filename="../../agent/ui/main_window.py" line="196" />
        <source>Mute</source>
        <translation>Без звука</translation>
    </message>
    <message>
        <location filename="../../agent/ui/main_window.py" line="197" />
        <source>Transfer</source>
        <translation>Перевести</translation>
    </message>
    <message>
        <location filename="../../agent/ui/main_window.py" line="198" />
        <source>Hang up</source>
        <translation>Завершить</translation>
    </message>
    <message>
        <location filename="../../agent/ui/main_window.py" line="200" />
        <source>Complete the note (ends the wrap-up)</source>
        <translation>Закрыть заметку (заканчивает постобработку)</translation>
    </message>
    <message>
        <location filename="../../agent/ui/main_window.py" line="201" />
        <source>Call history</source>
        <translation>История звонков</translation>
    </message>
    <message>
        <location filename="../../agent/ui/main_window.py" line="202" />
        <source>Change agent state</source>
        <translation>Сменить статус</translation>
    </message>
    <message>
        <location filename="../../agent/ui/main_window.py" line="203" />
        <source>Settings</source>
        <translation>Настройки</translation>
    </message>
    <message>
        <location filename="../../agent/ui/main_window.py" line="208" />
        <source>Keyboard shortcuts</source>
        <translation>Горячие клавиши</translation>
    </message>
    <message>
        <location filename="../../agent/ui/main_window.py" line="205" />
        <location filename="../../agent/ui/main_window.py" line="75" />
        <source>Callbacks</source>
        <translation>Перезвонить</translation>
    </message>
    <message>
        <location filename="../../agent/ui/main_window.py" line="161" />
        <source>Call the su&amp;pervisor…</source>
        <translation>Позвать &amp;супервайзера…</translation>
    </message>
    <message>
        <location filename="../../agent/ui/main_window.py" line="173" />
        <source>Callbacks &amp;due</source>
        <translation>&amp;Обещанные звонки</translation>
    </message>
    <message>
        <location filename="../../agent/ui/main_window.py" line="204" />
        <source>Callbacks (%1)</source>
        <translation>Перезвонить (%1)</translation>
    </message>
    <message>
        <location filename="../../agent/ui/main_window.py" line="208" />
        <source>Callback due: %1</source>
        <translation>Пора перезвонить: %1</translation>
    </message>
    <message>
        <location filename="../../agent/ui/main_window.py" line="248" />
        <source>Call the supervisor (raise a hand)</source>
        <translation>Позвать супервайзера (поднять руку)</translation>
    </message>
    <message>
        <location filename="../../agent/ui/main_window.py" line="249" />
        <source>Callbacks due; Enter calls</source>
        <translation>Обещанные звонки; Enter — позвонить</translation>
    </message>
</context><context>
    <name>NotesPanel</name>
    <message>
        <location filename="../../agent/ui/notes_panel.py" line="266" />
        <location filename="../../agent/ui/notes_panel.py" line="83" />
        <source>No call yet. The note of the next call appears here.</source>
        <translation>Звонков пока нет. Здесь появится заметка следующего звонка.</translation>
    </message>
    <message>
        <location filename="../../agent/ui/notes_panel.py" line="90" />
        <source>Caller's name</source>
        <translation>Имя абонента</translation>
    </message>
    <message>
        <location filename="../../agent/ui/notes_panel.py" line="91" />
        <source>How the caller introduced themselves</source>
        <translation>Как представился абонент</translation>
    </message>
    <message>
        <location filename="../../agent/ui/notes_panel.py" line="94" />
        <source>Wrap-up code</source>
        <translation>Итог звонка</translation>
    </message>
    <message>
        <location filename="../../agent/ui/notes_panel.py" line="102" />
        <source>Note text</source>
        <translation>Текст заметки</translation>
    </message>
    <message>
        <location filename="../../agent/ui/notes_panel.py" line="103" />
        <source>What the caller wanted, what was agreed…</source>
        <translation>Что хотел абонент, о чём договорились…</translation>
    </message>
    <message>
        <location filename="../../agent/ui/notes_panel.py" line="106" />
        <source>Complaint</source>
        <translation>Претензия</translation>
    </message>
    <message>
        <location filename="../../agent/ui/notes_panel.py" line="111" />
        <source>Complaint subject</source>
        <translation>Тема претензии</translation>
    </message>
    <message>
        <location filename="../../agent/ui/notes_panel.py" line="113" />
        <source>Complaint details</source>
        <translation>Суть претензии</translation>
    </message>
    <message>
        <location filename="../../agent/ui/notes_panel.py" line="117" />
        <source>Contact for the answer</source>
        <translation>Контакт для ответа</translation>
    </message>
    <message>
        <location filename="../../agent/ui/notes_panel.py" line="118" />
        <source>Phone or e-mail for the answer</source>
        <translation>Телефон или e-mail для ответа</translation>
    </message>
    <message>
        <location filename="../../agent/ui/notes_panel.py" line="120" />
        <source>Subject:</source>
        <translation>Тема:</translation>
    </message>
    <message>
        <location filename="../../agent/ui/notes_panel.py" line="121" />
        <source>Details:</source>
        <translation>Суть:</translation>
    </message>
    <message>
        <location filename="../../agent/ui/notes_panel.py" line="122" />
        <source>Answer to:</source>
        <translation>Ответ на:</translation>
    </message>
    <message>
        <location filename="../../agent/ui/notes_panel.py" line="124" />
        <source>Callback</source>
        <translation>Обратный звонок</translation>
    </message>
    <message>
        <location filename="../../agent/ui/notes_panel.py" line="129" />
        <source>Callback number</source>
        <translation>Номер для обратного звонка</translation>
    </message>
    <message>
        <location filename="../../agent/ui/notes_panel.py" line="131" />
        <source>Callback time</source>
        <translation>Время обратного звонка</translation>
    </message>
    <message>
        <location filename="../../agent/ui/notes_panel.py" line="135" />
        <source>Callback comment</source>
        <translation>Комментарий к обратному звонку</translation>
    </message>
    <message>
        <location filename="../../agent/ui/notes_panel.py" line="137" />
        <source>Number:</source>
        <translation>Номер:</translation>
    </message>
    <message>
        <location filename="../../agent/ui/notes_panel.py" line="138" />
        <source>When:</source>
        <translation>Когда:</translation>
    </message>
    <message>
        <location filename="../../agent/ui/notes_panel.py" line="139" />
        <source>Comment:</source>
        <translation>Комментарий:</translation>
    </message>
    <message>
        <location filename="../../agent/ui/notes_panel.py" line="143" />
        <source>Complete note</source>
        <translation>Закрыть заметку</translation>
    </message>
    <message>
        <location filename="../../agent/ui/notes_panel.py" line="146" />
        <source>Finish the note and end the wrap-up (%1)</source>
        <translation>Закрыть заметку и закончить постобработку (%1)</translation>
    </message>
    <message>
        <location filename="../../agent/ui/notes_panel.py" line="151" />
        <source>Caller &amp;name:</source>
        <translation>&amp;Имя абонента:</translation>
    </message>
    <message>
        <location filename="../../agent/ui/notes_panel.py" line="152" />
        <source>&amp;Wrap-up:</source>
        <translation>&amp;Итог:</translation>
    </message>
    <message>
        <location filename="../../agent/ui/notes_panel.py" line="156" />
        <source>N&amp;ote:</source>
        <translation>&amp;Заметка:</translation>
    </message>
    <message>
        <location filename="../../agent/ui/notes_panel.py" line="269" />
        <source>outgoing</source>
        <translation>исходящий</translation>
    </message>
    <message>
        <location filename="../../agent/ui/notes_panel.py" line="270" />
        <source>incoming</source>
        <translation>входящий</translation>
    </message>
    <message>
        <location filename="../../agent/ui/notes_panel.py" line="272" />
        <source>Call with %1, %2, %3</source>
        <translation>Звонок %1, %2, %3</translation>
    </message>
    <message>
        <location filename="../../agent/ui/notes_panel.py" line="276" />
        <source>ended</source>
        <translation>завершён</translation>
    </message>
    <message>
        <location filename="../../agent/ui/notes_panel.py" line="281" />
        <source>Articles used: %1</source>
        <translation>Использованы статьи: %1</translation>
    </message>
    <message>
        <location filename="../../agent/ui/notes_panel.py" line="283" />
        <source>Articles used: none yet</source>
        <translation>Статьи пока не использованы</translation>
    </message>
    <message>
        <location filename="../../agent/ui/notes_panel.py" line="298" />
        <source>Saving…</source>
        <translation>Сохранение…</translation>
    </message>
    <message>
        <location filename="../../agent/ui/notes_panel.py" line="335" />
        <source>Saved</source>
        <translation>Сохранено</translation>
    </message>
    <message>
        <location filename="../../agent/ui/notes_panel.py" line="339" />
        <source>Not saved: %1</source>
        <translation>Не сохранено: %1</translation>
    </message>
</context><context>
    <name>PhoneState</name>
    <message>
        <location filename="../../agent/ui/phone_state.py" line="239" />
        <source>The phone engine is not running.</source>
        <translation>Телефонный модуль не запущен.</translation>
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
    <name>ReplyCard</name>
    <message>
        <location filename="../../agent/ui/reply_cards.py" line="68" />
        <location filename="../../agent/ui/reply_cards.py" line="50" />
        <location filename="../../agent/ui/reply_cards.py" line="44" />
        <source>Copy</source>
        <translation>Копировать</translation>
    </message>
    <message>
        <location filename="../../agent/ui/reply_cards.py" line="66" />
        <source>Copy this reply to the clipboard</source>
        <translation>Скопировать фразу в буфер обмена</translation>
    </message>
    <message>
        <location filename="../../agent/ui/reply_cards.py" line="75" />
        <source>not filled: %1</source>
        <translation>не заполнено: %1</translation>
    </message>
    <message>
        <location filename="../../agent/ui/reply_cards.py" line="77" />
        <source>Still empty: %1</source>
        <translation>Ещё не заполнено: %1</translation>
    </message>
    <message>
        <location filename="../../agent/ui/reply_cards.py" line="79" />
        <source>Reply %1</source>
        <translation>Фраза %1</translation>
    </message>
    <message>
        <location filename="../../agent/ui/reply_cards.py" line="86" />
        <source>Copied</source>
        <translation>Скопировано</translation>
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
        <location filename="../../agent/ui/ring_notifier.py" line="37" />
        <source>Answer</source>
        <translation>Ответить</translation>
    </message>
    <message>
        <location filename="../../agent/ui/ring_notifier.py" line="39" />
        <source>Answer (%1)</source>
        <translation>Ответить (%1)</translation>
    </message>
    <message>
        <location filename="../../agent/ui/ring_notifier.py" line="40" />
        <source>Reject</source>
        <translation>Отклонить</translation>
    </message>
    <message>
        <location filename="../../agent/ui/ring_notifier.py" line="41" />
        <source>Reject (%1)</source>
        <translation>Отклонить (%1)</translation>
    </message>
    <message>
        <location filename="../../agent/ui/ring_notifier.py" line="74" />
        <source>Incoming call: %1</source>
        <translation>Входящий звонок: %1</translation>
    </message>
    <message>
        <location filename="../../agent/ui/ring_notifier.py" line="79" />
        <source>Answering holds the current call.</source>
        <translation>Ответ поставит текущий звонок на удержание.</translation>
    </message>
    <message>
        <location filename="../../agent/ui/ring_notifier.py" line="81" />
        <source>%1 more waiting.</source>
        <translation>Ещё ожидают: %1.</translation>
    </message>
    <message>
        <location filename="../../agent/ui/ring_notifier.py" line="114" />
        <source>Incoming call</source>
        <translation>Входящий звонок</translation>
    </message>
</context><context>
    <name>Settings</name>
    <message>
        <location filename="../../agent/ui/settings_dialog.py" line="48" />
        <source>Set by your IT department</source>
        <translation>Задано вашим ИТ-отделом</translation>
    </message>
    <message>
        <location filename="../../agent/settings.py" line="69" />
        <source>SIP account</source>
        <translation>SIP-аккаунт</translation>
    </message>
    <message>
        <location filename="../../agent/settings.py" line="70" />
        <source>Audio</source>
        <translation>Звук</translation>
    </message>
    <message>
        <location filename="../../agent/settings.py" line="71" />
        <source>Agent</source>
        <translation>Оператор</translation>
    </message>
    <message>
        <location filename="../../agent/settings.py" line="72" />
        <source>Hold</source>
        <translation>Удержание</translation>
    </message>
    <message>
        <location filename="../../agent/settings.py" line="73" />
        <source>Floor server</source>
        <translation>Сервер зала</translation>
    </message>
    <message>
        <location filename="../../agent/settings.py" line="74" />
        <source>Interface</source>
        <translation>Интерфейс</translation>
    </message>
    <message>
        <location filename="../../agent/settings.py" line="75" />
        <source>Company</source>
        <translation>Компания</translation>
    </message>
    <message>
        <location filename="../../agent/settings.py" line="79" />
        <source>System language</source>
        <translation>Язык системы</translation>
    </message>
    <message>
        <location filename="../../agent/settings.py" line="88" />
        <source>SIP server</source>
        <translation>SIP-сервер</translation>
    </message>
    <message>
        <location filename="../../agent/settings.py" line="89" />
        <source>Registrar / PBX host[:port]</source>
        <translation>Регистратор / АТС, хост[:порт]</translation>
    </message>
    <message>
        <location filename="../../agent/settings.py" line="90" />
        <source>SIP user</source>
        <translation>SIP-пользователь</translation>
    </message>
    <message>
        <location filename="../../agent/settings.py" line="91" />
        <source>Display name</source>
        <translation>Отображаемое имя</translation>
    </message>
    <message>
        <location filename="../../agent/settings.py" line="92" />
        <source>Transport</source>
        <translation>Транспорт</translation>
    </message>
    <message>
        <location filename="../../agent/settings.py" line="94" />
        <source>Direct-IP listen address</source>
        <translation>Адрес для прямых звонков</translation>
    </message>
    <message>
        <location filename="../../agent/settings.py" line="95" />
        <source>HOST:PORT for calls without a registrar; empty when an account is set</source>
        <translation>ХОСТ:ПОРТ для звонков без регистратора; пусто, если задан аккаунт</translation>
    </message>
    <message>
        <location filename="../../agent/settings.py" line="97" />
        <source>Microphone</source>
        <translation>Микрофон</translation>
    </message>
    <message>
        <location filename="../../agent/settings.py" line="98" />
        <source>Speaker</source>
        <translation>Динамик</translation>
    </message>
    <message>
        <location filename="../../agent/settings.py" line="99" />
        <source>Ring device</source>
        <translation>Устройство звонка</translation>
    </message>
    <message>
        <location filename="../../agent/settings.py" line="100" />
        <source>Ringtone file</source>
        <translation>Файл мелодии звонка</translation>
    </message>
    <message>
        <location filename="../../agent/settings.py" line="101" />
        <source>Wrap-up time (s)</source>
        <translation>Постобработка (с)</translation>
    </message>
    <message>
        <location filename="../../agent/settings.py" line="104" />
        <source>PBX queue login code</source>
        <translation>Код входа в очередь АТС</translation>
    </message>
    <message>
        <location filename="../../agent/settings.py" line="106" />
        <source>PBX queue logout code</source>
        <translation>Код выхода из очереди АТС</translation>
    </message>
    <message>
        <location filename="../../agent/settings.py" line="108" />
        <source>PBX queue pause code</source>
        <translation>Код паузы в очереди АТС</translation>
    </message>
    <message>
        <location filename="../../agent/settings.py" line="110" />
        <source>Not-ready reasons</source>
        <translation>Причины «Не готов»</translation>
    </message>
    <message>
        <location filename="../../agent/settings.py" line="111" />
        <source>Hold warning after (s)</source>
        <translation>Предупреждение об удержании через (с)</translation>
    </message>
    <message>
        <location filename="../../agent/settings.py" line="113" />
        <source>Hold alarm after (s)</source>
        <translation>Тревога об удержании через (с)</translation>
    </message>
    <message>
        <location filename="../../agent/settings.py" line="115" />
        <source>Hub URL</source>
        <translation>Адрес сервера</translation>
    </message>
    <message>
        <location filename="../../agent/settings.py" line="116" />
        <source>The floor server, e.g. https://hub.example:8443</source>
        <translation>Сервер зала, например https://hub.example:8443</translation>
    </message>
    <message>
        <location filename="../../agent/settings.py" line="118" />
        <source>Sync interval (s)</source>
        <translation>Интервал синхронизации (с)</translation>
    </message>
    <message>
        <location filename="../../agent/settings.py" line="120" />
        <source>Hub KB signing key (Ed25519, base64)</source>
        <translation>Ключ подписи базы знаний сервера (Ed25519, base64)</translation>
    </message>
    <message>
        <location filename="../../agent/settings.py" line="121" />
        <source>The hub's public key: KB revisions whose signature does not match it are refused</source>
        <translation>Открытый ключ сервера зала: ревизии базы знаний с несовпадающей подписью отклоняются</translation>
    </message>
    <message>
        <location filename="../../agent/settings.py" line="123" />
        <source>Language</source>
        <translation>Язык</translation>
    </message>
    <message>
        <location filename="../../agent/settings.py" line="125" />
        <source>Company name</source>
        <translation>Название компании</translation>
    </message>
    <message>
        <location filename="../../agent/settings.py" line="126" />
        <source>Product line</source>
        <translation>Линейка продуктов</translation>
    </message>
    <message>
        <location filename="../../agent/settings.py" line="128" />
        <source>E-mail for sales offers</source>
        <translation>E-mail для коммерческих предложений</translation>
    </message>
    <message>
        <location filename="../../agent/settings.py" line="130" />
        <source>Department directory</source>
        <translation>Справочник отделов</translation>
    </message>
    <message>
        <location filename="../../agent/settings.py" line="124" />
        <source>My phone line (supervisors)</source>
        <translation>Мой номер (для супервайзера)</translation>
    </message>
    <message>
        <location filename="../../agent/settings.py" line="125" />
        <source>The number or SIP address operators call when you answer a raised hand</source>
        <translation>Номер или SIP-адрес, на который звонят операторы, когда вы отвечаете на их просьбу</translation>
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
        <location filename="../../agent/ui/settings_service.py" line="79" />
        <source>Settings not saved: %1</source>
        <translation>Настройки не сохранены: %1</translation>
    </message>
    <message>
        <location filename="../../agent/ui/settings_service.py" line="135" />
        <source>Saved in the system keyring.</source>
        <translation>Сохранено в системном хранилище паролей.</translation>
    </message>
</context><context>
    <name>StatusBar</name>
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
        <location filename="../../agent/ui/status_bar.py" line="93" />
        <source>KB ready</source>
        <translation>База знаний готова</translation>
    </message>
    <message>
        <location filename="../../agent/ui/status_bar.py" line="94" />
        <source>KB unavailable</source>
        <translation>База знаний недоступна</translation>
    </message>
    <message>
        <location filename="../../agent/ui/status_bar.py" line="96" />
        <source>Notes cannot be saved: %1</source>
        <translation>Заметки не сохраняются: %1</translation>
    </message>
    <message>
        <location filename="../../agent/ui/status_bar.py" line="120" />
        <source>Notes kept locally (no floor server)</source>
        <translation>Заметки хранятся локально (сервер не задан)</translation>
    </message>
    <message>
        <location filename="../../agent/ui/status_bar.py" line="129" />
        <source>Phone engine not available</source>
        <translation>Телефонный модуль недоступен</translation>
    </message>
    <message>
        <location filename="../../agent/ui/status_bar.py" line="131" />
        <source>Phone engine stopped: %1</source>
        <translation>Телефонный модуль остановлен: %1</translation>
    </message>
    <message>
        <location filename="../../agent/ui/status_bar.py" line="132" />
        <source>Starting the phone engine…</source>
        <translation>Запуск телефонного модуля…</translation>
    </message>
    <message>
        <location filename="../../agent/ui/status_bar.py" line="134" />
        <source>● Registered as %1</source>
        <translation>● Зарегистрирован как %1</translation>
    </message>
    <message>
        <location filename="../../agent/ui/status_bar.py" line="136" />
        <source>Registering %1…</source>
        <translation>Регистрация %1…</translation>
    </message>
    <message>
        <location filename="../../agent/ui/status_bar.py" line="139" />
        <source>Registration failed: %1</source>
        <translation>Ошибка регистрации: %1</translation>
    </message>
    <message>
        <location filename="../../agent/ui/status_bar.py" line="142" />
        <source>(retry in %1 s)</source>
        <translation>(повтор через %1 с)</translation>
    </message>
    <message>
        <location filename="../../agent/ui/status_bar.py" line="145" />
        <source>Direct calls on %1 (no SIP account)</source>
        <translation>Прямые звонки на %1 (без SIP-аккаунта)</translation>
    </message>
    <message>
        <location filename="../../agent/ui/status_bar.py" line="148" />
        <source>No SIP account: calls are off, the knowledge base works.</source>
        <translation>SIP-аккаунт не настроен: звонки недоступны, база знаний работает.</translation>
    </message>
    <message>
        <location filename="../../agent/ui/status_bar.py" line="151" />
        <source>Not registered</source>
        <translation>Не зарегистрирован</translation>
    </message>
    <message>
        <location filename="../../agent/ui/status_bar.py" line="188" />
        <location filename="../../agent/ui/status_bar.py" line="164" />
        <source>Ready</source>
        <translation>Готов</translation>
    </message>
    <message>
        <location filename="../../agent/ui/status_bar.py" line="181" />
        <location filename="../../agent/ui/status_bar.py" line="168" />
        <source>Not ready</source>
        <translation>Не готов</translation>
    </message>
    <message>
        <location filename="../../agent/ui/status_bar.py" line="180" />
        <source>Not ready: %1</source>
        <translation>Не готов: %1</translation>
    </message>
    <message>
        <location filename="../../agent/ui/status_bar.py" line="186" />
        <source>Wrap-up %1</source>
        <translation>Постобработка %1</translation>
    </message>
    <message>
        <location filename="../../agent/ui/status_bar.py" line="187" />
        <source>Wrap-up</source>
        <translation>Постобработка</translation>
    </message>
    <message>
        <location filename="../../agent/ui/status_bar.py" line="193" />
        <source>Offline</source>
        <translation>Не в сети</translation>
    </message>
</context><context>
    <name>Sync</name>
    <message>
        <location filename="../../agent/ui/notes_panel.py" line="64" />
        <source>Not yet synced</source>
        <translation>Не отправлено</translation>
    </message>
    <message>
        <location filename="../../agent/ui/notes_panel.py" line="65" />
        <source>Synced</source>
        <translation>Отправлено</translation>
    </message>
    <message>
        <location filename="../../agent/ui/notes_panel.py" line="66" />
        <source>Sync failed</source>
        <translation>Ошибка отправки</translation>
    </message>
    <message>
        <location filename="../../agent/ui/sync_service.py" line="40" />
        <source>Notes kept locally (no floor server)</source>
        <translation>Заметки хранятся локально (сервер не задан)</translation>
    </message>
    <message>
        <location filename="../../agent/ui/sync_service.py" line="42" />
        <source>Offline: %1 notes wait</source>
        <translation>Нет связи: ждут отправки %1</translation>
    </message>
    <message>
        <location filename="../../agent/ui/sync_service.py" line="45" />
        <source>Sync needs a hub token</source>
        <translation>Для отправки нужен токен сервера</translation>
    </message>
    <message>
        <location filename="../../agent/ui/sync_service.py" line="47" />
        <source>Sync error; retrying</source>
        <translation>Ошибка отправки, повторяем</translation>
    </message>
    <message>
        <location filename="../../agent/ui/sync_service.py" line="49" />
        <source>Syncing %1/%2…</source>
        <translation>Отправка %1/%2…</translation>
    </message>
    <message>
        <location filename="../../agent/ui/sync_service.py" line="52" />
        <source>%1 notes to sync</source>
        <translation>К отправке: %1</translation>
    </message>
    <message>
        <location filename="../../agent/ui/sync_service.py" line="54" />
        <source>Notes synced</source>
        <translation>Заметки отправлены</translation>
    </message>
</context><context>
    <name>TransferDialog</name>
    <message>
        <location filename="../../agent/ui/call_panel.py" line="62" />
        <source>Transfer the call</source>
        <translation>Перевод звонка</translation>
    </message>
    <message>
        <location filename="../../agent/ui/call_panel.py" line="65" />
        <source>Departments</source>
        <translation>Отделы</translation>
    </message>
    <message>
        <location filename="../../agent/ui/call_panel.py" line="73" />
        <source>No number is configured for this department</source>
        <translation>Для этого отдела не задан номер</translation>
    </message>
    <message>
        <location filename="../../agent/ui/call_panel.py" line="76" />
        <source>Number or SIP URI</source>
        <translation>Номер или SIP-адрес</translation>
    </message>
    <message>
        <location filename="../../agent/ui/call_panel.py" line="77" />
        <source>Transfer target</source>
        <translation>Куда перевести</translation>
    </message>
    <message>
        <location filename="../../agent/ui/call_panel.py" line="81" />
        <source>&amp;Blind transfer</source>
        <translation>&amp;Перевести сразу</translation>
    </message>
    <message>
        <location filename="../../agent/ui/call_panel.py" line="83" />
        <source>&amp;Consult first</source>
        <translation>&amp;Сначала посоветоваться</translation>
    </message>
    <message>
        <location filename="../../agent/ui/call_panel.py" line="89" />
        <source>Department:</source>
        <translation>Отдел:</translation>
    </message>
    <message>
        <location filename="../../agent/ui/call_panel.py" line="91" />
        <source>&amp;Target:</source>
        <translation>&amp;Куда:</translation>
    </message>
</context><context>
    <name>WrapUp</name>
    <message>
        <location filename="../../agent/ui/notes_panel.py" line="45" />
        <source>— choose —</source>
        <translation>— выберите —</translation>
    </message>
    <message>
        <location filename="../../agent/ui/notes_panel.py" line="46" />
        <source>Resolved</source>
        <translation>Вопрос решён</translation>
    </message>
    <message>
        <location filename="../../agent/ui/notes_panel.py" line="47" />
        <source>Information given</source>
        <translation>Дана информация</translation>
    </message>
    <message>
        <location filename="../../agent/ui/notes_panel.py" line="48" />
        <source>Complaint registered</source>
        <translation>Принята претензия</translation>
    </message>
    <message>
        <location filename="../../agent/ui/notes_panel.py" line="49" />
        <source>Callback scheduled</source>
        <translation>Назначен обратный звонок</translation>
    </message>
    <message>
        <location filename="../../agent/ui/notes_panel.py" line="50" />
        <source>Transferred</source>
        <translation>Переведён</translation>
    </message>
    <message>
        <location filename="../../agent/ui/notes_panel.py" line="51" />
        <source>Sent to emergency services</source>
        <translation>Передан в экстренные службы</translation>
    </message>
    <message>
        <location filename="../../agent/ui/notes_panel.py" line="52" />
        <source>Call dropped</source>
        <translation>Звонок оборвался</translation>
    </message>
    <message>
        <location filename="../../agent/ui/notes_panel.py" line="53" />
        <source>Wrong number</source>
        <translation>Ошибся номером</translation>
    </message>
    <message>
        <location filename="../../agent/ui/notes_panel.py" line="54" />
        <source>Sales offer / spam</source>
        <translation>Коммерческое предложение / спам</translation>
    </message>
    <message>
        <location filename="../../agent/ui/notes_panel.py" line="55" />
        <source>Missed</source>
        <translation>Пропущен</translation>
    </message>
    <message>
        <location filename="../../agent/ui/notes_panel.py" line="56" />
        <source>No answer</source>
        <translation>Нет ответа</translation>
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
</context>
<context>
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
        <source>I&apos;m coming</source>
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
</context>
<context>
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
</context>
<context>
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
</context>
<context>
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
        <source>calls waiting: %1</source>
        <translation>ждут ответа: %1</translation>
    </message>
    <message>
        <location filename="../../agent/ui/supervisor/board.py" line="258" />
        <source>No operator has reported yet.</source>
        <translation>Ни один оператор ещё не на связи.</translation>
    </message>
</context>
<context>
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
</context>
<context>
    <name>CallbacksPanel</name>
    <message>
        <location filename="../../agent/ui/callbacks_panel.py" line="86" />
        <source>Callbacks due</source>
        <translation>Обещанные звонки</translation>
    </message>
    <message>
        <location filename="../../agent/ui/callbacks_panel.py" line="88" />
        <source>When</source>
        <translation>Когда</translation>
    </message>
    <message>
        <location filename="../../agent/ui/callbacks_panel.py" line="88" />
        <source>Number</source>
        <translation>Номер</translation>
    </message>
    <message>
        <location filename="../../agent/ui/callbacks_panel.py" line="88" />
        <source>About</source>
        <translation>О чём</translation>
    </message>
    <message>
        <location filename="../../agent/ui/callbacks_panel.py" line="89" />
        <source>Tries</source>
        <translation>Попыток</translation>
    </message>
    <message>
        <location filename="../../agent/ui/callbacks_panel.py" line="98" />
        <source>Call (Enter)</source>
        <translation>Позвонить (Enter)</translation>
    </message>
    <message>
        <location filename="../../agent/ui/callbacks_panel.py" line="100" />
        <source>Take it</source>
        <translation>Взять себе</translation>
    </message>
    <message>
        <location filename="../../agent/ui/callbacks_panel.py" line="105" />
        <source>Outcome:</source>
        <translation>Итог:</translation>
    </message>
    <message>
        <location filename="../../agent/ui/callbacks_panel.py" line="139" />
        <source>(unclaimed) %1</source>
        <translation>(ничей) %1</translation>
    </message>
    <message>
        <location filename="../../agent/ui/callbacks_panel.py" line="158" />
        <source>Callbacks are kept on the floor server; none is set.</source>
        <translation>Обещанные звонки хранятся на сервере зала, а он не задан.</translation>
    </message>
    <message>
        <location filename="../../agent/ui/callbacks_panel.py" line="160" />
        <source>No callbacks due.</source>
        <translation>Перезванивать никому не нужно.</translation>
    </message>
    <message>
        <location filename="../../agent/ui/callbacks_panel.py" line="162" />
        <source>%1 callbacks, %2 due now</source>
        <translation>Обещано звонков: %1, пора звонить: %2</translation>
    </message>
</context>
<context>
    <name>CallbacksView</name>
    <message>
        <location filename="../../agent/ui/supervisor/callbacks.py" line="41" />
        <source>Only overdue and unclaimed</source>
        <translation>Только просроченные и ничьи</translation>
    </message>
    <message>
        <location filename="../../agent/ui/supervisor/callbacks.py" line="48" />
        <source>Callbacks of the floor</source>
        <translation>Обещанные звонки зала</translation>
    </message>
    <message>
        <location filename="../../agent/ui/supervisor/callbacks.py" line="50" />
        <source>Due</source>
        <translation>Срок</translation>
    </message>
    <message>
        <location filename="../../agent/ui/supervisor/callbacks.py" line="50" />
        <source>Number</source>
        <translation>Номер</translation>
    </message>
    <message>
        <location filename="../../agent/ui/supervisor/callbacks.py" line="50" />
        <source>About</source>
        <translation>О чём</translation>
    </message>
    <message>
        <location filename="../../agent/ui/supervisor/callbacks.py" line="51" />
        <source>Promised by</source>
        <translation>Обещал(а)</translation>
    </message>
    <message>
        <location filename="../../agent/ui/supervisor/callbacks.py" line="51" />
        <source>Assigned to</source>
        <translation>Кому поручено</translation>
    </message>
    <message>
        <location filename="../../agent/ui/supervisor/callbacks.py" line="52" />
        <source>Tries</source>
        <translation>Попыток</translation>
    </message>
    <message>
        <location filename="../../agent/ui/supervisor/callbacks.py" line="59" />
        <source>Give to:</source>
        <translation>Поручить:</translation>
    </message>
    <message>
        <location filename="../../agent/ui/supervisor/callbacks.py" line="62" />
        <source>Operator to give the callback to</source>
        <translation>Оператор, которому поручить звонок</translation>
    </message>
    <message>
        <location filename="../../agent/ui/supervisor/callbacks.py" line="64" />
        <source>Give</source>
        <translation>Поручить</translation>
    </message>
    <message>
        <location filename="../../agent/ui/supervisor/callbacks.py" line="65" />
        <source>Release to anyone</source>
        <translation>Отдать любому</translation>
    </message>
    <message>
        <location filename="../../agent/ui/supervisor/callbacks.py" line="105" />
        <source>unclaimed</source>
        <translation>ничей</translation>
    </message>
    <message>
        <location filename="../../agent/ui/supervisor/callbacks.py" line="115" />
        <source>%1 open, %2 overdue, %3 unclaimed</source>
        <translation>Открыто: %1, просрочено: %2, ничьих: %3</translation>
    </message>
</context>
<context>
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
</context>
<context>
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
</context>
<context>
    <name>SupervisorAnswer</name>
    <message>
        <location filename="../../agent/ui/supervisor_answer.py" line="54" />
        <source>No call in progress.</source>
        <translation>Звонка нет.</translation>
    </message>
    <message>
        <location filename="../../agent/ui/supervisor_answer.py" line="57" />
        <source>Call %1 for %2</source>
        <translation>Звонок %1, идёт %2</translation>
    </message>
    <message>
        <location filename="../../agent/ui/supervisor_answer.py" line="61" />
        <source>, on hold</source>
        <translation>, на удержании</translation>
    </message>
    <message>
        <location filename="../../agent/ui/supervisor_answer.py" line="63" />
        <source>Article: %1</source>
        <translation>Статья: %1</translation>
    </message>
    <message>
        <location filename="../../agent/ui/supervisor_answer.py" line="65" />
        <source>No floor server: the supervisor&apos;s line is called instead.</source>
        <translation>Сервера зала нет: будет вызван номер супервайзера.</translation>
    </message>
    <message>
        <location filename="../../agent/ui/supervisor_answer.py" line="72" />
        <source>Waiting for the supervisor…</source>
        <translation>Ждём ответа супервайзера…</translation>
    </message>
    <message>
        <location filename="../../agent/ui/supervisor_answer.py" line="76" />
        <source>No floor server and no number for the supervisor: ask IT to set one.</source>
        <translation>Нет ни сервера зала, ни номера супервайзера: попросите ИТ задать их.</translation>
    </message>
    <message>
        <location filename="../../agent/ui/supervisor_answer.py" line="93" />
        <source>The supervisor</source>
        <translation>Супервайзер</translation>
    </message>
    <message>
        <location filename="../../agent/ui/supervisor_answer.py" line="96" />
        <source>%1 is coming to you.</source>
        <translation>%1 идёт к вам.</translation>
    </message>
    <message>
        <location filename="../../agent/ui/supervisor_answer.py" line="99" />
        <source>%1: call me on line %2 (F2).</source>
        <translation>%1: позвоните мне на линию %2 (F2).</translation>
    </message>
    <message>
        <location filename="../../agent/ui/supervisor_answer.py" line="102" />
        <source>%1 joins your call (conference) on line %2.</source>
        <translation>%1 подключается к звонку (конференция) с линии %2.</translation>
    </message>
    <message>
        <location filename="../../agent/ui/supervisor_answer.py" line="103" />
        <source>%1 joins your call (consultation) on line %2.</source>
        <translation>%1 подключается к звонку (консультация) с линии %2.</translation>
    </message>
    <message>
        <location filename="../../agent/ui/supervisor_answer.py" line="142" />
        <source>This phone cannot make a conference: the supervisor stays on the consultation line.</source>
        <translation>Этот телефон не умеет конференцию: супервайзер остаётся на линии консультации.</translation>
    </message>
</context>
<context>
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
</context>
</TS>
