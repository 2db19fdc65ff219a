// The Copydesk admin console: React Admin over the gateway's REST face.
import { Admin, CustomRoutes, Layout, Menu, Resource } from 'react-admin';
import { Route } from 'react-router-dom';
import BusinessIcon from '@mui/icons-material/Business';
import PeopleIcon from '@mui/icons-material/People';
import AssignmentIcon from '@mui/icons-material/Assignment';
import CampaignIcon from '@mui/icons-material/Campaign';
import WebhookIcon from '@mui/icons-material/Webhook';
import ArticleIcon from '@mui/icons-material/Article';
import SourceIcon from '@mui/icons-material/Source';
import SearchIcon from '@mui/icons-material/Search';
import BarChartIcon from '@mui/icons-material/BarChart';
import SavingsIcon from '@mui/icons-material/Savings';
import { authProvider } from './authProvider';
import { dataProvider } from './dataProvider';
import { CompanyCreate, CompanyEdit, CompanyList, CompanyShow } from './resources/companies';
import { UserCreate, UserEdit, UserList, UserShow } from './resources/users';
import { TicketCreate, TicketEdit, TicketList } from './resources/tickets';
import { TicketShow } from './resources/ticketShow';
import { CampaignCreate, CampaignEdit, CampaignList, CampaignShow } from './resources/campaigns';
import { WebhookCreate, WebhookEdit, WebhookList, WebhookShow } from './resources/webhooks';
import { ChunkEdit, ChunkList, ChunkShow, KnowledgeSearch, SourceList, SourceShow } from './resources/knowledge';
import { Usage } from './llm/Usage';
import { Budget } from './llm/Budget';

const ConsoleMenu = () => (
  <Menu>
    <Menu.ResourceItems />
    <Menu.Item to="/knowledge/search" primaryText="Knowledge search" leftIcon={<SearchIcon />} />
    <Menu.Item to="/llm/usage" primaryText="LLM usage" leftIcon={<BarChartIcon />} />
    <Menu.Item to="/llm/budget" primaryText="LLM budget" leftIcon={<SavingsIcon />} />
  </Menu>
);

const ConsoleLayout = ({ children }) => <Layout menu={ConsoleMenu}>{children}</Layout>;

export const App = () => (
  <Admin title="Copydesk" dataProvider={dataProvider} authProvider={authProvider} layout={ConsoleLayout} requireAuth disableTelemetry>
    <Resource name="companies" list={CompanyList} show={CompanyShow} edit={CompanyEdit} create={CompanyCreate} icon={BusinessIcon} recordRepresentation="name" />
    <Resource name="users" list={UserList} show={UserShow} edit={UserEdit} create={UserCreate} icon={PeopleIcon} recordRepresentation="email" />
    <Resource name="tickets" list={TicketList} show={TicketShow} edit={TicketEdit} create={TicketCreate} icon={AssignmentIcon}
      recordRepresentation={(r) => `${r.number} ${r.title}`} />
    <Resource name="campaigns" list={CampaignList} show={CampaignShow} edit={CampaignEdit} create={CampaignCreate} icon={CampaignIcon} recordRepresentation="name" />
    <Resource name="webhooks" list={WebhookList} show={WebhookShow} edit={WebhookEdit} create={WebhookCreate} icon={WebhookIcon} recordRepresentation="url" />
    <Resource name="knowledge_chunks" options={{ label: 'Knowledge chunks' }} list={ChunkList} show={ChunkShow} edit={ChunkEdit} icon={ArticleIcon} recordRepresentation="title" />
    <Resource name="knowledge_sources" options={{ label: 'Knowledge sources' }} list={SourceList} show={SourceShow} icon={SourceIcon} recordRepresentation="title" />
    <Resource name="ticket_comments" />
    <Resource name="ticket_history" />
    <CustomRoutes>
      <Route path="/knowledge/search" element={<KnowledgeSearch />} />
      <Route path="/llm/usage" element={<Usage />} />
      <Route path="/llm/budget" element={<Budget />} />
    </CustomRoutes>
  </Admin>
);
